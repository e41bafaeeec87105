using System.Globalization;
using System.Text.Json;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting.Api;
using Spectre.Console;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>Tables for sweeps, trials and leaderboards.</summary>
internal static class GridDisplay
{
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, GridApi.Json);

    public static string Counts(SweepSummary s)
    {
        var parts = s.Counts.Where(c => c.Value > 0).OrderBy(c => c.Key).Select(c => $"{c.Key.ToDisplay()} {c.Value}");
        var notLaunched = s.DefinedTrials - s.Launched;
        return string.Join(", ", notLaunched > 0 ? parts.Append($"not launched {notLaunched}") : parts);
    }

    public static void Summary(SweepSummary s)
    {
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"sweep [bold]{s.SweepId}[/]: [bold]{s.State.ToDisplay()}[/], {s.DefinedTrials} trials ({s.Method}), {Counts(s)}");
        if (s.BestTrialId is not null)
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best {s.Metric} {s.BestValue:F4} ({s.BestTrialId})"));
        if (s.Message is not null) AnsiConsole.MarkupLineInterpolated($"[yellow]{s.Message}[/]");
    }

    public static Table Trials(IEnumerable<ExperimentStatus> trials)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("trial", "state", "epoch", "test acc", "params", "seed", "attempts", "note");
        foreach (var t in trials.OrderBy(t => t.Index))
        {
            var acc = t.LastEpoch?.TestAccuracy ?? t.Metrics.GetValueOrDefault(MetricNames.CleanAccuracy, double.NaN);
            table.AddPlainRow(
                TrialId.TryParse(t.TrialId, out var id) ? id.IndexText : t.TrialId,
                t.State.ToDisplay(),
                $"{t.EpochsCompleted}/{t.Epochs}",
                double.IsNaN(acc) ? "" : acc.ToString("P2", CultureInfo.InvariantCulture),
                Params(t.Parameters),
                t.Seed.ToString(CultureInfo.InvariantCulture),
                t.Attempts.ToString(CultureInfo.InvariantCulture),
                t.Message ?? "");
        }
        return table;
    }

    public static string Params(IReadOnlyDictionary<string, string> parameters) =>
        string.Join(" ", parameters.Where(p => p.Key is not ("method" or "model")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    /// <param name="boards">Leaderboard keys, <c>dataset/suite</c>.</param>
    public static void BoardsWithEntries(IReadOnlyCollection<string> boards) =>
        AnsiConsole.WriteLine(boards.Count == 0
            ? "no leaderboard has entries yet: a finished trial of a sweep adds one"
            : $"leaderboards with entries (--dataset/--suite): {string.Join(", ", boards.Order(StringComparer.Ordinal))}");

    public static void Leaderboard(LeaderboardPage page)
    {
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"leaderboard [bold]{page.Dataset}[/] / [bold]{page.Suite}[/] by {page.Metric} ({(page.LowerIsBetter ? "lower" : "higher")} is better), {page.Entries} entries");
        if (page.Rows.Length == 0)
        {
            AnsiConsole.WriteLine(page.Entries == 0 ? "no entries yet" : $"no entry has metric '{page.Metric}'; metrics: {string.Join(", ", page.Metrics)}");
            return;
        }
        // Only the parameters that differ between rows say anything; the rest is the same for every row.
        var varying = page.Rows.SelectMany(r => r.Parameters.Keys).Distinct()
            .Where(k => k is not ("method" or "model") && page.Rows.Select(r => r.Parameters.GetValueOrDefault(k)).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal).ToList();
        // Test-time enhancement entries (DynTTA) also score their classifier alone: show it beside the ranked metric.
        var unenhanced = "unenhanced/" + page.Metric;
        var showUnenhanced = page.Rows.Any(r => r.MetricMeans.ContainsKey(unenhanced));
        var table = new Table().Border(TableBorder.Rounded).AddPlainColumns("#", "model", "method", page.Metric, "± std");
        if (showUnenhanced) table.AddPlainColumns("unenhanced");
        table.AddPlainColumns("seeds", "clean acc");
        if (varying.Count > 0) table.AddPlainColumns("params");
        foreach (var r in page.Rows)
        {
            var cells = new List<string>
            {
                r.Rank.ToString(CultureInfo.InvariantCulture),
                r.Model,
                r.Method,
                r.Mean.ToString("F4", CultureInfo.InvariantCulture),
                r.Seeds.Length > 1 ? r.Std.ToString("F4", CultureInfo.InvariantCulture) : "",
            };
            if (showUnenhanced)
                cells.Add(r.MetricMeans.TryGetValue(unenhanced, out var alone) ? alone.ToString("F4", CultureInfo.InvariantCulture) : "");
            cells.Add(r.Seeds.Length.ToString(CultureInfo.InvariantCulture));
            cells.Add(r.MetricMeans.TryGetValue(MetricNames.CleanAccuracy, out var a) ? a.ToString("P2", CultureInfo.InvariantCulture) : "");
            if (varying.Count > 0) cells.Add(string.Join(" ", varying.Select(k => $"{k}={r.Parameters.GetValueOrDefault(k)}")));
            table.AddPlainRow(cells);
        }
        AnsiConsole.Write(table);
    }
}
