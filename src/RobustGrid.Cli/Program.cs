using System.CommandLine;
using RobustGrid.Cli.Commands;
using RobustGrid.Cli.Commands.Grid;
using RobustGrid.Training.Runtime;

// Before anything else: may restart the process on jemalloc (see NativeAllocator for why).
if (CliErrors.Run(() => { NativeAllocator.UseJemallocIfAvailable(); return 0; }) != 0) return 1;

// Piped output has no terminal to measure: tables then take COLUMNS' width, as other command-line tools do, instead
// of Spectre's 80 columns.
if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns)
    && columns >= 40)
    Spectre.Console.AnsiConsole.Profile.Width = columns;

var root = new RootCommand("RobustGrid: train and benchmark image classifiers under distribution shift.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(MethodsCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(LeaderboardCommand.Create());
root.Subcommands.Add(SiloCommand.Create());
root.Subcommands.Add(CorruptCommand.Create());
root.Subcommands.Add(DynTtaCommand.Create());
root.Subcommands.Add(NaTraCommand.Create());
root.Subcommands.Add(RobustnessCommand.Create());
// Ctrl+C and SIGTERM cancel the command's token; a running sweep then interrupts its trainings, records them as
// pending and stops its silo, which takes a few seconds. Past this, the process ends anyway (exit code 130/143).
return await root.Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
