using System.CommandLine;
using System.Globalization;
using RobustGrid.Catalog;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Preprocessing;
using RobustGrid.Training.Data;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary><c>robustgrid datasets add|list</c>: image folders registered by name under ROBUSTGRID_HOME.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "Register image folders as datasets by name, and list the datasets.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "Name to train and evaluate it under." };
        var path = new Argument<string>("path")
        {
            Description = "Folder with train/<class>/ and test/<class>/ (or ImageNet's val/<wnid>/, or "
                + "Tiny-ImageNet's layout).",
        };
        var imageSize = new Option<int?>("--image-size")
        {
            Description = $"Size S the images are used at (S×S); default the first image's own up to "
                + $"{ImagePreprocessing.NativeLimit} px, else {ImagePreprocessing.ImageNetSize}.",
        };
        var command = new Command("add", "Register an image folder as a dataset.") { name, path, imageSize };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var registry = DatasetRegistry.Default();
            var index = registry.Add(parse.GetValue(name)!, parse.GetValue(path)!, parse.GetValue(imageSize));
            AnsiConsole.WriteLine($"registered {parse.GetValue(name)}: {index.Layout} at {index.Root}, " +
                $"{index.ClassNames.Count} classes, {index.Train.Count} training and {index.Test.Count} test images " +
                $"(in {registry.File})");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the built-in and the registered datasets.");
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var table = new Table().AddColumns("dataset", "source", "image size");
            foreach (var builtIn in DatasetNames.Names)
                table.AddRow(Markup.Escape(builtIn), "built in",
                    DatasetProfile.For(builtIn).ImageSize.ToString(CultureInfo.InvariantCulture));
            foreach (var entry in DatasetRegistry.Default().List())
                table.AddRow(Markup.Escape(entry.Name), Markup.Escape(entry.Path),
                    entry.ImageSize?.ToString(CultureInfo.InvariantCulture) ?? "first image's");
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"an image folder can also be named inline as {DatasetReference.FolderPrefix}PATH");
            return 0;
        }));
        return command;
    }
}
