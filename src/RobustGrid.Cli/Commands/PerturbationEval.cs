using System.Globalization;
using System.Text.Json;
using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation.Perturbations;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary><c>robustgrid eval --suite cifar10-p</c>: a checkpoint's stability along the CIFAR-10-P sequences, as a
/// table and <c>perturbation-report.json</c>.</summary>
internal static class PerturbationEval
{
    public const string ReportFile = "perturbation-report.json";

    public static int Run(string path, long seed, int? limit, IReadOnlyList<string>? perturbations,
        TorchSharp.torch.Device device, string folder)
    {
        PerturbationReport? report = null;
        AnsiConsole.Status().Start("evaluating on cifar10-p", status =>
        {
            using var model = TrainedModel.Load(path, MethodRegistry.Create, device);
            var test = DatasetCatalog.Default().Load(model.Metadata.Config.Dataset).TestImages;
            report = new PerturbationEvaluator(device).Evaluate(model.Classifier(),
                (limit is { } n ? test.Take(n) : test).Load(), seed, perturbations, new SynchronousProgress(status));
        });
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, ReportFile);
        // The keys of every JSON answer the CLI and the API give (camelCase): one set of options for all of them.
        File.WriteAllText(json, JsonSerializer.Serialize(report, GridApi.Json));
        AnsiConsole.Write(Render(report!));
        AnsiConsole.MarkupLine($"wrote {Markup.Escape(json)}");
        return 0;
    }

    private static Table Render(PerturbationReport report)
    {
        var table = new Table().Title(
            $"{Markup.Escape(report.Model)} on cifar10-p ({report.Sequences} sequences per perturbation)");
        table.AddColumns("perturbation", "flip probability %", "top-5 distance");
        foreach (var p in report.Perturbations)
            table.AddPlainRow(p.Name, Percent(p.FlipProbability), Number(p.TopFiveDistance));
        table.AddEmptyRow();
        table.AddRow("[bold]mean (mFP, mT5D)[/]", $"[bold]{Percent(report.MeanFlipProbability)}[/]",
            $"[bold]{Number(report.MeanTopFiveDistance)}[/]");
        return table;
    }

    private static string Percent(double value) => (100 * value).ToString("F2", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
