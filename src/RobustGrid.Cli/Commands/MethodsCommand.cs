using System.CommandLine;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Training;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class MethodsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("method")
        {
            Description = "Show only this method.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("methods", "List every method: the training methods with their hyperparameters " +
            "(set with 'train --set key=value'), defaults and recipes, the DynTTA pipeline, and pretrained.")
        {
            name,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var only = parse.GetValue(name);
            if (only == DynTtaInfo.Info.Name)
            {
                ShowDynTta();
                return 0;
            }
            // The catalog's whole list, so that no method is left out of the listing.
            var methods = only is null ? MethodCatalog.All : [MethodCatalog.Describe(only)];
            foreach (var method in methods)
            {
                if (method == DynTtaInfo.Info)
                    AnsiConsole.MarkupLine("[bold]dyntta[/]: test-time enhancement, a pipeline of its own: " +
                        "robustgrid methods dyntta" + Environment.NewLine);
                else Show(method);
            }
            return 0;
        }));
        return command;
    }

    private static void Show(MethodInfo method)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(method.Name)}[/]: {Markup.Escape(method.Summary)}");
        AnsiConsole.WriteLine($"  recipe: {method.Recipe.Describe()}");
        var filled = TrainingSettings.FilledByRecipe(method.Name);
        AnsiConsole.WriteLine(filled.Count == 0
            ? "  the recipe fills no setting: every training setting has its default unless given"
            : $"  settings the recipe fills where 'train' options or sweep parameters give " +
                $"none: {string.Join(", ", filled)}");
        if (method.RequiredInput is { } input) AnsiConsole.WriteLine($"  needs {input}");
        ShowSettings("hyperparameter", method.Parameters);
        foreach (var extra in method.SweepOnly)
            AnsiConsole.WriteLine($"  in a sweep also {method.Name}.{extra.Name}: {extra.Description}");
        if (method.SweepStage is { } stage)
            AnsiConsole.WriteLine($"  in a sweep, " +
                $"stage options as {method.Name}.{stage.Prefix}<option> (see 'robustgrid {method.Name} --help')");
        AnsiConsole.WriteLine();
    }

    private static void ShowDynTta()
    {
        // DynTTA trains an enhancer, not the classifier, so it is a pipeline rather than a training method.
        AnsiConsole.MarkupLine(
            "[bold]dyntta[/]: a test-time enhancer trained through a frozen classifier; not a training method.");
        AnsiConsole.WriteLine("  run its stages with: robustgrid dyntta --checkpoint C --out DIR [--set key=value]...");
        AnsiConsole.WriteLine("  in a sweep: method dyntta with dyntta.checkpoint (the classifier), " +
            "dyntta.<option> as 'robustgrid dyntta --set';");
        AnsiConsole.WriteLine("  its epochs and seed are the sweep's 'epochs' and 'seeds'");
        AnsiConsole.WriteLine(
            "  retrain with its estimated augmentations: method dyntta-augment (robustgrid methods dyntta-augment)");
        ShowSettings("option", DynTtaInfo.StageOptions);
    }

    private static void ShowSettings(string noun, IReadOnlyList<Catalog.Settings.Setting> settings)
    {
        if (settings.Count == 0)
        {
            AnsiConsole.WriteLine($"  no {noun}s");
            return;
        }
        var table = new Table().AddColumns(noun, "default", "accepted", "meaning");
        foreach (var p in settings)
            table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.DefaultText), Markup.Escape(p.Range),
                Markup.Escape(p.Description));
        AnsiConsole.Write(table);
    }
}
