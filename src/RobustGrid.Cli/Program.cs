using System.CommandLine;
using RobustGrid.Cli.Commands;
using RobustGrid.Cli.Commands.Grid;

var root = new RootCommand("RobustGrid: train and benchmark image classifiers under distribution shift.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(MethodsCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(LeaderboardCommand.Create());
root.Subcommands.Add(SiloCommand.Create());
root.Subcommands.Add(CorruptCommand.Create());
root.Subcommands.Add(DynTtaCommand.Create());
root.Subcommands.Add(NaTraCommand.Create());
root.Subcommands.Add(RobustnessCommand.Create());
return await root.Parse(args).InvokeAsync();
