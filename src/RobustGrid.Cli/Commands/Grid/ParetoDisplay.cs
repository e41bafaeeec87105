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
        AnsiConsole.MarkupInterpolated(CultureInfo.InvariantCulture,
            $"leaderboard [bold]{page.Dataset}[/] / [bold]{page.Suite}[/] ");
        var goals = page.Metrics.Select((m, i) => $"{m} ({(page.LowerIsBetter[i] ? "lower" : "higher")})");
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Pareto front over {string.Join(", ", goals)}: {page.Rows.Length} of {page.Configurations} " +
            $"configurations with every metric are non-dominated ({page.Entries} entries)"));
        if (page.Rows.Length == 0) return;
        var varying =
            GridDisplay.Varying([.. page.Rows.Select(r => (IReadOnlyDictionary<string, string>)r.Parameters)]);
        var table = new Table().Border(TableBorder.Rounded).AddPlainColumns("model", "method");
        foreach (var metric in page.Metrics) table.AddPlainColumns(metric);
        table.AddPlainColumns("seeds");
        if (varying.Count > 0) table.AddPlainColumns("params");
        foreach (var r in page.Rows)
        {
            var cells = new List<string> { r.Model, r.Method };
            cells.AddRange(r.Means.Select((mean, m) => r.Seeds.Length > 1
                ? string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {r.Stds[m]:F4}")
                : mean.ToString("F4", CultureInfo.InvariantCulture)));
            cells.Add(r.Seeds.Length.ToString(CultureInfo.InvariantCulture));
            if (varying.Count > 0)
                cells.Add(string.Join(" ", varying.Select(k => $"{k}={r.Parameters.GetValueOrDefault(k)}")));
            table.AddPlainRow(cells);
        }
        AnsiConsole.Write(table);
    }
}
