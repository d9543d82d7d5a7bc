using System.CommandLine;
using MetaNotebooks.Cli.Commands;

// metanb: each subcommand lives in Commands/ as one file with `public static Command Create()`.
var root = new RootCommand("metanb: run the MetaNotebooks course, train, evaluate and benchmark.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ResultsCommand.Create());
// Ctrl+C (SIGINT) or SIGTERM cancels the action's token (`metanb run` stops its notebooks); System.CommandLine ends the
// process a minute after the signal if the action has not finished by then. `metanb train` answers the signal itself
// first (StopRequest): it finishes the current step, saves its checkpoint and exits 130, however long that takes.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
