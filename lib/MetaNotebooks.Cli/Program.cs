using System.CommandLine;
using MetaNotebooks.Cli.Commands;

var root = new RootCommand("metanb: run the MetaNotebooks course, train and evaluate few-shot learners, and benchmark the engine.")
{
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
