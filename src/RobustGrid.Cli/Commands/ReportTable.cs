using System.Globalization;
using RobustGrid.Corruptions.Metrics;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary>The corruption x severity error table with the summary lines papers report.</summary>
internal static class ReportTable
{
    public static Table Render(RobustnessReport report)
    {
        var table = new Table().Title(
            $"{Markup.Escape(report.Model)} on {Markup.Escape(report.Suite)} ({report.CleanImages} images), error %");
        table.AddColumns("corruption", "family", "s1", "s2", "s3", "s4", "s5", "mean");
        foreach (var c in report.Corruptions)
        {
            var name = c.IsBenchmark ? c.Corruption : c.Corruption + " *";
            table.AddPlainRow(
                [name, c.Family?.ToString().ToLowerInvariant() ?? "", .. c.Errors.Select(P), P(c.MeanError)]);
        }
        table.AddEmptyRow();
        table.AddPlainRow("clean", "", "", "", "", "", "", P(report.CleanError));
        table.AddRow("[bold]mCE (15 benchmark)[/]", "", "", "", "", "", "",
            $"[bold]{P(report.MeanCorruptionError)}[/]");
        if (report.MceBaseline is not null)
            table.AddRow($"[bold]mCE normalised by {Markup.Escape(report.MceBaseline.Name)}[/]", "", "", "", "", "",
                "", $"[bold]{P(report.BaselineNormalisedMce)}[/]");
        foreach (var (family, mean) in report.FamilyMeans)
            table.AddPlainRow($"mean {family.ToString().ToLowerInvariant()}", "", "", "", "", "", "", P(mean));
        table.AddPlainRow("ECE clean / corrupted", "", "", "", "", "", "",
            $"{P(report.CleanEce)} / {P(report.MeanCorruptionEce)}");
        table.AddPlainRow("RMS calibration error clean", "", "", "", "", "", "", P(report.Clean.RmsCalibrationError));
        table.Caption("* extra corruption, not in mCE");
        return table;
    }

    private static string P(double value) => double.IsNaN(value) ? "-"
        : (100 * value).ToString("F2", CultureInfo.InvariantCulture);
}
