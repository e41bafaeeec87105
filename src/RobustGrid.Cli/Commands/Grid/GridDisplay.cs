using System.Globalization;
using System.Text.Json;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Statistics;
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
        // One model on the whole page is said once, above the table, which leaves room for the comparison columns.
        var models = page.Rows.Select(r => r.Model).Distinct().ToList();
        if (models.Count == 1) AnsiConsole.WriteLine($"model {models[0]}");
        var table = new Table().Border(TableBorder.Rounded).AddPlainColumns("#");
        if (models.Count > 1) table.AddPlainColumns("model");
        table.AddPlainColumns("method", page.Metric, "± std");
        if (showUnenhanced) table.AddPlainColumns("unenhanced");
        table.AddPlainColumns("seeds");
        var versusBest = page.Rows.Any(r => r.VersusBest is not null);
        var baseline = page.Rows.Select(r => r.VersusBaseline?.ReferenceMethod).FirstOrDefault(m => m is not null);
        if (versusBest) table.AddPlainColumns("vs #1");
        if (baseline is not null) table.AddPlainColumns($"vs {baseline}");
        table.AddPlainColumns("clean acc");
        if (varying.Count > 0) table.AddPlainColumns("params");
        foreach (var r in page.Rows)
        {
            var cells = new List<string> { r.Rank.ToString(CultureInfo.InvariantCulture) };
            if (models.Count > 1) cells.Add(r.Model);
            cells.AddRange(
            [
                r.Method,
                r.Mean.ToString("F4", CultureInfo.InvariantCulture),
                r.Seeds.Length > 1 ? r.Std.ToString("F4", CultureInfo.InvariantCulture) : "",
            ]);
            if (showUnenhanced)
                cells.Add(r.MetricMeans.TryGetValue(unenhanced, out var alone) ? alone.ToString("F4", CultureInfo.InvariantCulture) : "");
            cells.Add(r.Seeds.Length.ToString(CultureInfo.InvariantCulture));
            if (versusBest) cells.Add(Comparison(r.VersusBest));
            if (baseline is not null) cells.Add(Comparison(r.VersusBaseline));
            cells.Add(r.MetricMeans.TryGetValue(MetricNames.CleanAccuracy, out var a) ? a.ToString("P2", CultureInfo.InvariantCulture) : "");
            if (varying.Count > 0) cells.Add(string.Join(" ", varying.Select(k => $"{k}={r.Parameters.GetValueOrDefault(k)}")));
            table.AddPlainRow(cells);
        }
        AnsiConsole.Write(table);
        foreach (var line in Significance(page.Rows)) AnsiConsole.WriteLine(line);
    }

    /// <summary>A comparison cell: what the paired interval allows; the interval itself is printed under the table.</summary>
    public static string Comparison(SeedComparison? c) => c?.Verdict switch
    {
        null => "",
        ComparisonVerdict.TooFewSeeds => c.SharedSeeds == 0 ? "no shared seed" : "1 seed",
        ComparisonVerdict.NotDistinguishable => "tie",
        ComparisonVerdict.Better => "better",
        ComparisonVerdict.Worse => "worse",
        _ => "",
    };

    private static string Interval(SeedComparison c) => c.Low is null
        ? $"{Signed(c.MeanDifference)} ({c.SharedSeeds} shared seed{(c.SharedSeeds == 1 ? "" : "s")}, no interval)"
        : $"{Signed(c.MeanDifference)} [{Signed(c.Low)}, {Signed(c.High)}]";

    private static string Signed(double? value) =>
        value?.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Seeds that would separate each row from #1 if their true difference were <paramref name="difference"/>, from
    /// the spread of their paired differences so far.
    /// </summary>
    public static void SeedsNeeded(LeaderboardPage page, double difference)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{difference:0.####}");
        foreach (var r in page.Rows.Where(r => r.VersusBest is not null))
        {
            var needed = PairedComparison.SeedsNeeded(r.VersusBest!.DifferenceStd, difference);
            AnsiConsole.WriteLine(needed is { } n
                ? $"#{r.Rank} vs #1: about {n} seeds separate a difference of {text} (80 % power, 95 % interval)"
                : $"#{r.Rank} vs #1: unknown; the spread needs at least two shared seeds (or over 1000 seeds are needed)");
        }
    }

    /// <summary>
    /// Under the table: each comparison's mean difference and 95 % interval, and in words which rows the seeds cannot
    /// tell from #1.
    /// </summary>
    public static IEnumerable<string> Significance(IReadOnlyList<LeaderboardRow> rows)
    {
        var compared = rows.Where(r => r.VersusBest is not null).ToList();
        if (compared.Count == 0) yield break;
        if (rows.All(r => r.Seeds.Length < 2))
        {
            yield return "one seed per entry: the order is not tested; run more seeds to tell a difference from noise";
            yield break;
        }
        yield return "row − reference over shared seeds, mean [95 % paired-t interval]:";
        foreach (var r in rows)
        {
            var parts = new[] { ("#1", r.VersusBest), ($"{r.VersusBaseline?.ReferenceMethod} (#{r.VersusBaseline?.ReferenceRank})", r.VersusBaseline) }
                .Where(p => p.Item2 is not null)
                .Select(p => $"vs {p.Item1} {Interval(p.Item2!)}");
            var line = string.Join("; ", parts);
            if (line.Length > 0) yield return $"  #{r.Rank} {r.Method}: {line}";
        }
        foreach (var group in compared.Where(r => r.VersusBest!.Verdict == ComparisonVerdict.NotDistinguishable)
                     .GroupBy(r => r.VersusBest!.SharedSeeds))
        {
            var ranks = string.Join(", ", group.Select(r => $"#{r.Rank}"));
            yield return $"{ranks}: not distinguishable from #1 with {group.Key} seeds";
        }
    }
}
