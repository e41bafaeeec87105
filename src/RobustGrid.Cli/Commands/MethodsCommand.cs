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
            var methods = only is null ? MethodRegistry.All : [MethodRegistry.Describe(only)];
            foreach (var method in methods) Show(method);
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
