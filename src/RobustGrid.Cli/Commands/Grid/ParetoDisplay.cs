using System.Globalization;
using Spectre.Console;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>The table of <c>robustgrid leaderboard --pareto</c>: the non-dominated configurations, mean ± std over
/// seeds of each metric.</summary>
internal static class ParetoDisplay
{
    public static void Front(ParetoPage page)
    {
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"leaderboard [bold]{page.Dataset}[/] / [bold]{page.Suite}[/]: Pareto front");
        // One line each, so that a narrow terminal does not wrap them mid-phrase.
        var goals = page.Metrics.Select((m, i) => $"{m} ({(page.LowerIsBetter[i] ? "lower" : "higher")} is better)");
        AnsiConsole.WriteLine($"over {string.Join(", ", goals)}");
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{page.Rows.Length} of {page.Configurations} configurations with every metric are non-dominated"));
        if (page.Rows.Length == 0) return;
        var varying =
            GridDisplay.Varying([.. page.Rows.Select(r => (IReadOnlyDictionary<string, string>)r.Parameters)]);
        // What every row shares is said once, above the table, which leaves room for the metrics.
        var models = page.Rows.Select(r => r.Model).Distinct().ToList();
        var methods = page.Rows.Select(r => r.Method).Distinct().ToList();
        if (models.Count == 1) AnsiConsole.WriteLine($"model {models[0]}");
        if (methods.Count == 1) AnsiConsole.WriteLine($"method {methods[0]}");
        var table = new Table().Border(TableBorder.Rounded);
        if (models.Count > 1) table.AddPlainColumns("model");
        if (methods.Count > 1) table.AddPlainColumns("method");
        foreach (var metric in page.Metrics) table.AddPlainColumns(metric, "± std");
        table.AddPlainColumns("seeds");
        if (varying.Count > 0) table.AddPlainColumns("params");
        foreach (var r in page.Rows)
        {
            var cells = new List<string>();
            if (models.Count > 1) cells.Add(r.Model);
            if (methods.Count > 1) cells.Add(r.Method);
            for (var m = 0; m < r.Means.Length; m++)
            {
                cells.Add(r.Means[m].ToString("F4", CultureInfo.InvariantCulture));
                cells.Add(r.Seeds.Length > 1 ? r.Stds[m].ToString("F4", CultureInfo.InvariantCulture) : "");
            }
            cells.Add(r.Seeds.Length.ToString(CultureInfo.InvariantCulture));
            if (varying.Count > 0)
                cells.Add(string.Join(" ", varying.Select(k => $"{k}={r.Parameters.GetValueOrDefault(k)}")));
            table.AddPlainRow(cells);
        }
        AnsiConsole.Write(table);
    }
}
