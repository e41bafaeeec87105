using System.Globalization;
using System.Text.Json;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Statistics;
using RobustGrid.Grid.Hosting.Api;
using RobustGrid.Training.Checkpoints;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RobustGrid.Cli.Commands.Grid;

/// <summary>Tables for sweeps, trials and leaderboards.</summary>
internal static class GridDisplay
{
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, GridApi.Json);

    /// <summary>
    /// Counts from the sweep's summary alone. The sweep records trials as finished or not: the unfinished ones may be
    /// waiting, training or being evaluated, so they count as "in progress", not by a state the sweep does not know.
    /// </summary>
    public static string Counts(SweepSummary s)
    {
        var finished = s.Counts.Where(c => c.Value > 0 && c.Key.IsTerminal()).OrderBy(c => c.Key)
            .Select(c => $"{c.Key.ToDisplay()} {c.Value}");
        var inProgress = s.Counts.Where(c => !c.Key.IsTerminal()).Sum(c => c.Value);
        return Join(inProgress > 0 ? finished.Prepend($"in progress {inProgress}") : finished, s);
    }

    /// <summary>Counts by each trial's own state: pending, training, evaluating, completed, failed, ...</summary>
    public static string Counts(SweepSummary s, IEnumerable<ExperimentStatus> trials) =>
        Join(trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Key.ToDisplay()} {g.Count()}"), s);

    private static string Join(IEnumerable<string> parts, SweepSummary s)
    {
        var notLaunched = s.DefinedTrials - s.Launched;
        return string.Join(", ", notLaunched > 0 ? parts.Append($"not launched {notLaunched}") : parts);
    }

    /// <param name="trials">The sweep's trials, to count them by their own state; null counts from the summary.</param>
    public static void Summary(SweepSummary s, IEnumerable<ExperimentStatus>? trials = null)
    {
        var counts = trials is null ? Counts(s) : Counts(s, trials);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"sweep [bold]{s.SweepId}[/]: [bold]{s.Outcome}[/], {s.DefinedTrials} trials ({s.Method}), {counts}");
        if (s.BestTrialId is not null)
            AnsiConsole.WriteLine(
                string.Create(CultureInfo.InvariantCulture, $"best {s.Metric} {s.BestValue:F4} ({s.BestTrialId})"));
        if (s.Message is not null) AnsiConsole.MarkupLineInterpolated($"[yellow]{s.Message}[/]");
    }

    /// <summary>
    /// One row per trial, and each trial's notes (why it failed, where it resumed, the pbt member it continues) on
    /// lines of their own below. Only the parameters that differ between the trials are shown, and only they may wrap:
    /// ids, names and numbers stay whole. One space between columns keeps the table within 80 columns.
    /// </summary>
    public static IRenderable Trials(IEnumerable<ExperimentStatus> trials)
    {
        var rows = trials.OrderBy(t => t.Index).ToList();
        var varying = Varying(rows.Select(t => t.Parameters).ToList());
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in (string[])["trial", "method", "model", "state", "epoch", "acc", "seed", "tries"])
            table.AddColumn(new TableColumn(new Text(header)).NoWrap().Padding(0, 0, 1, 0));
        if (varying.Count > 0) table.AddColumn(new TableColumn(new Text("params")).Padding(0, 0, 0, 0));
        var notes = new List<IRenderable>();
        foreach (var t in rows)
        {
            var index = TrialId.TryParse(t.TrialId, out var id) ? id.IndexText : t.TrialId;
            var acc = t.LastEpoch?.TestAccuracy ?? t.Metrics.GetValueOrDefault(MetricNames.CleanAccuracy, double.NaN);
            var cells = new List<string>
            {
                index,
                t.Parameters.GetValueOrDefault("method", ""),
                t.Parameters.GetValueOrDefault("model", ""),
                t.State.ToDisplay(),
                $"{t.EpochsCompleted}/{t.Epochs}",
                double.IsNaN(acc) ? "" : acc.ToString("P2", CultureInfo.InvariantCulture),
                t.Seed.ToString(CultureInfo.InvariantCulture),
                t.Attempts.ToString(CultureInfo.InvariantCulture),
            };
            if (varying.Count > 0)
                cells.Add(string.Join(" ", varying.Select(k => $"{k}={t.Parameters.GetValueOrDefault(k)}")));
            table.AddPlainRow(cells);
            if (!string.IsNullOrEmpty(t.Message)) notes.Add(new Text($"{index}: {t.Message}"));
            // A pbt trial's schedule: which member, which epochs, whose checkpoint and what it perturbed.
            if (t.Population is { ParentTrialId: not null } step) notes.Add(new Text($"{index}: {step.Describe()}"));
        }
        return notes.Count == 0 ? table : new Rows([table, .. notes]);
    }

    /// <summary>The parameters whose values differ between rows, but method and model (columns of their own).</summary>
    public static List<string> Varying(IReadOnlyCollection<IReadOnlyDictionary<string, string>> rows) =>
        [.. rows.SelectMany(r => r.Keys).Distinct()
            .Where(k => k is not ("method" or "model")
                && rows.Select(r => r.GetValueOrDefault(k)).Distinct().Count() > 1)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The sweeps, newest first. An id is copied into other commands, so it never wraps; the dataset goes under it and
    /// the best value under its metric, so that the table fits 80 columns.
    /// </summary>
    public static Table Sweeps(IEnumerable<SweepSummary> sweeps)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn(new Text("sweep, dataset")).NoWrap().Padding(0, 0, 1, 0))
            .AddPlainColumns("state", "counts", "best");
        foreach (var s in sweeps)
        {
            var best = s.BestValue is { } b ? $"{s.Metric}\n{b.ToString("F4", CultureInfo.InvariantCulture)}" : "";
            table.AddPlainRow($"{s.SweepId}\n{s.Dataset}", s.Outcome, Counts(s), best);
        }
        return table;
    }

    /// <param name="boards">Leaderboard keys, <c>dataset/suite</c>.</param>
    public static void BoardsWithEntries(IReadOnlyCollection<string> boards) =>
        AnsiConsole.WriteLine(boards.Count == 0
            ? "no leaderboard has entries yet: a finished trial of a sweep adds one"
            : $"leaderboards with entries " +
                $"(--dataset/--suite): {string.Join(", ", boards.Order(StringComparer.Ordinal))}");

    /// <param name="query">The query that gave the page, to say why it has no rows.</param>
    public static void Leaderboard(LeaderboardPage page, LeaderboardQuery query)
    {
        var better = page.LowerIsBetter ? "lower" : "higher";
        AnsiConsole.MarkupInterpolated(CultureInfo.InvariantCulture,
            $"leaderboard [bold]{page.Dataset}[/] / [bold]{page.Suite}[/] ");
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"by {page.Metric} ({better} is better), {page.Entries} entries"));
        if (page.Rows.Length == 0)
        {
            AnsiConsole.WriteLine(NoRows(page, query));
            return;
        }
        // Only the parameters that differ between rows say anything; the rest is the same for every row.
        var varying = Varying([.. page.Rows.Select(r => (IReadOnlyDictionary<string, string>)r.Parameters)]);
        // Test-time enhancement entries (DynTTA) also score their classifier alone: show it beside the ranked metric.
        var unenhanced = "unenhanced/" + page.Metric;
        var showUnenhanced = page.Rows.Any(r => r.MetricMeans.ContainsKey(unenhanced));
        // One model on the whole page is said once, above the table, which leaves room for the comparison columns.
        var models = page.Rows.Select(r => r.Model).Distinct().ToList();
        if (models.Count == 1) AnsiConsole.WriteLine($"model {models[0]}");
        var table = new Table().Border(TableBorder.Rounded).AddPlainColumns("#");
        if (models.Count > 1) table.AddPlainColumns("model");
        table.AddPlainColumns("method");
        // Non-blind entries trained on the corruption types they are scored on: the column keeps them apart.
        var showProtocol = page.Rows.Any(r => r.Protocol != LeaderboardProtocols.Blind);
        if (showProtocol) table.AddPlainColumns("protocol");
        table.AddPlainColumns(page.Metric, "± std");
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
            cells.Add(r.Method);
            if (showProtocol) cells.Add(r.Protocol);
            cells.AddRange(
            [
                r.Mean.ToString("F4", CultureInfo.InvariantCulture),
                r.Seeds.Length > 1 ? r.Std.ToString("F4", CultureInfo.InvariantCulture) : "",
            ]);
            if (showUnenhanced)
                cells.Add(r.MetricMeans.TryGetValue(unenhanced, out var alone)
                    ? alone.ToString("F4", CultureInfo.InvariantCulture) : "");
            cells.Add(r.Seeds.Length.ToString(CultureInfo.InvariantCulture));
            if (versusBest) cells.Add(Comparison(r.VersusBest));
            if (baseline is not null) cells.Add(Comparison(r.VersusBaseline));
            cells.Add(r.MetricMeans.TryGetValue(MetricNames.CleanAccuracy, out var a)
                ? a.ToString("P2", CultureInfo.InvariantCulture) : "");
            if (varying.Count > 0)
                cells.Add(string.Join(" ", varying.Select(k => $"{k}={r.Parameters.GetValueOrDefault(k)}")));
            table.AddPlainRow(cells);
        }
        AnsiConsole.Write(table);
        if (showProtocol)
            AnsiConsole.WriteLine(
                $"{LeaderboardProtocols.NonBlind} rows trained on the corruption types they are scored on: "
                + $"compare them with each other, not with {LeaderboardProtocols.Blind} rows (--protocol keeps one)");
        // Imported checkpoints were trained elsewhere: their weights file's hash says which, under the table because
        // a column for it would not fit a terminal's width.
        foreach (var r in page.Rows.Where(r => r.ImportedSha256 is not null))
            AnsiConsole.WriteLine(
                $"#{r.Rank} {r.Method}: imported weights, {ImportedWeights.Short(r.ImportedSha256!)}");
        foreach (var line in Significance(page.Rows)) AnsiConsole.WriteLine(line);
    }

    /// <summary>A comparison cell: what the paired interval allows; the interval itself is printed under the
    /// table.</summary>
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
                : $"#{r.Rank} vs #1: unknown; the spread needs at least two shared seeds (or over 1000 seeds are " +
                    $"needed)");
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
            if (r.VersusBest is { } best) yield return $"  #{r.Rank} {r.Method} vs #1: {Interval(best)}";
            if (r.VersusBaseline is { } baseline)
            {
                yield return $"  #{r.Rank} {r.Method} vs {baseline.ReferenceMethod} (#{baseline.ReferenceRank}): "
                    + Interval(baseline);
            }
        }
        foreach (var group in compared.Where(r => r.VersusBest!.Verdict == ComparisonVerdict.NotDistinguishable)
                     .GroupBy(r => r.VersusBest!.SharedSeeds))
        {
            var ranks = string.Join(", ", group.Select(r => $"#{r.Rank}"));
            yield return $"{ranks}: not distinguishable from #1 with {group.Key} seeds";
        }
    }

    /// <summary>
    /// Why a board with entries gave no rows: none has the metric, or (the metric being there) none passes the query's
    /// filters, such as a sweep none of whose trials finished.
    /// </summary>
    private static string NoRows(LeaderboardPage page, LeaderboardQuery query)
    {
        if (page.Entries == 0) return "no entries yet";
        var filters = new[]
        {
            query.SweepId is null ? null : $"of sweep {query.SweepId}",
            query.Method is null ? null : $"of method {query.Method}",
            query.Model is null ? null : $"of model {query.Model}",
            query.Protocol is null ? null : $"of protocol {query.Protocol}",
        }.OfType<string>().ToList();
        return page.Metrics.Contains(page.Metric) && filters.Count > 0
            ? $"none of the board's {page.Entries} entries is {string.Join(" and ", filters)} "
                + $"and has metric '{page.Metric}'"
            : $"no entry has metric '{page.Metric}'; metrics: {string.Join(", ", page.Metrics)}";
    }
}
