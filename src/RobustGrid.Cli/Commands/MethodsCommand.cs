using System.CommandLine;
using RobustGrid.Training.Methods;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class MethodsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("method") { Description = "Show only this method.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("methods", "List the training methods with their hyperparameters (set with 'train --set key=value'), defaults and recipes.") { name };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var only = parse.GetValue(name);
            if (only == "dyntta")
            {
                // DynTTA trains an enhancer, not the classifier, so it is a pipeline rather than a training method.
                AnsiConsole.MarkupLine("[bold]dyntta[/]: a test-time enhancer trained through a frozen classifier; not a training method.");
                AnsiConsole.WriteLine("  run its stages with: robustgrid dyntta --checkpoint C --out DIR [--set key=value]...");
                AnsiConsole.WriteLine("  in a sweep: method dyntta with dyntta.checkpoint (the classifier), dyntta.<option> as 'robustgrid dyntta --set'");
                AnsiConsole.WriteLine("  retrain with its estimated augmentations: method dyntta-augment (robustgrid methods dyntta-augment)");
                return 0;
            }
            var methods = only is null ? MethodRegistry.All : [MethodRegistry.Describe(only)];
            foreach (var method in methods) Show(method);
            if (only is null)
                AnsiConsole.WriteLine("dyntta (test-time enhancement) is a pipeline of its own: robustgrid methods dyntta");
            return 0;
        }));
        return command;
    }

    private static void Show(MethodDescriptor method)
    {
        AnsiConsole.MarkupLine($"[bold]{method.Name}[/]: {Markup.Escape(method.Summary)}");
        AnsiConsole.MarkupLine($"  recipe (used where the option is not given): {Markup.Escape(method.Recipe.Describe())}");
        if (method.Parameters.Count == 0)
        {
            AnsiConsole.WriteLine("  no hyperparameters");
        }
        else
        {
            var table = new Table().AddColumns("hyperparameter", "default", "accepted", "meaning");
            foreach (var p in method.Parameters)
                table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.DefaultText), Markup.Escape(p.Range), Markup.Escape(p.Description));
            AnsiConsole.Write(table);
        }
        AnsiConsole.WriteLine();
    }
}
