using System.CommandLine;
using MetaNotebooks.Cli.Commands;

// metanb: each subcommand lives in Commands/ as one file with `public static Command Create()`.
var root = new RootCommand("metanb: run the MetaNotebooks course, train, evaluate and benchmark.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
// Ctrl+C (SIGINT) or SIGTERM cancels the action's token; `metanb train` then finishes the current step, saves its
// checkpoint and exits 130. System.CommandLine kills the process 2 s after the signal by default, which is shorter
// than a 60-way step plus a validation: allow a minute.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
