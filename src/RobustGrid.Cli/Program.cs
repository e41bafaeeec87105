using System.CommandLine;
using RobustGrid.Cli.Commands;

var root = new RootCommand("RobustGrid: train and benchmark image classifiers under distribution shift.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(MethodsCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(CorruptCommand.Create());
root.Subcommands.Add(DynTtaCommand.Create());
root.Subcommands.Add(NaTraCommand.Create());
root.Subcommands.Add(RobustnessCommand.Create());
return await root.Parse(args).InvokeAsync();
