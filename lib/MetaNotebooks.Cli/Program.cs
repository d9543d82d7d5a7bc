using System.CommandLine;
using MetaNotebooks.Cli.Commands;

// metanb: each subcommand lives in Commands/ as one file with `public static Command Create()`.
var root = new RootCommand("metanb: run the MetaNotebooks course, train, evaluate and benchmark.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
return await root.Parse(args).InvokeAsync();
