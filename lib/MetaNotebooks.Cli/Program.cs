using System.CommandLine;
using MetaNotebooks.Cli.Commands;
using MetaNotebooks.Tensors;

// libtorch from METANB_LIBTORCH's folder, when set (the library's module initializer loaded it already; a mistake in
// it is reported here, before any command, with what to do).
try
{
    LibTorchFolder.Load();
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// metanb: each subcommand lives in Commands/ as one file with `public static Command Create()`.
var root = new RootCommand("metanb: run the MetaNotebooks course, train, evaluate and benchmark.");
var device = DeviceOption.Create();
root.Options.Add(device);
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(ResultsCommand.Create());
var parse = root.Parse(args);
if (parse.Errors.Count == 0 && !DeviceOption.Apply(parse.GetValue(device), Console.Error)) return 2;
// Ctrl+C (SIGINT) or SIGTERM cancels the action's token (`metanb run` stops its notebooks); System.CommandLine ends the
// process a minute after the signal if the action has not finished by then. `metanb train` answers the signal itself
// first (StopRequest): it finishes the current step, saves its checkpoint and exits 130, however long that takes.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
