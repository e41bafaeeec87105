using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting.WebConsole.Charts;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>A trial as the sweep page shows it: its status and every epoch it finished.</summary>
public sealed record TrialView(ExperimentStatus Status, EpochProgress[] Epochs);

/// <summary>What the sweep page shows of one sweep.</summary>
public sealed record SweepDetail(SweepSummary Summary, string SpecYaml, IReadOnlyList<TrialView> Trials);

/// <summary>
/// The page of one sweep: its summary and actions, its trials (sortable and filterable in the browser), the learning
/// curves of all its trials, the trials ASHA stopped and at which rung, and its spec. Everything that changes is in
/// one block that server-sent events replace while the sweep runs.
/// </summary>
public static class SweepView
{
    public static Html Page(SweepDetail sweep)
    {
        var id = sweep.Summary.SweepId;
        var html = new Html().Raw("<div class=\"actions\">");
        foreach (var action in (string[])["pause", "resume", "cancel"])
            html.Raw($"<button type=\"button\" data-action=\"/api/sweeps/{Html.Url(id)}/{action}\">")
                .Text(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(action)).Raw("</button>");
        html.Raw("<output class=\"action-result\"></output></div>")
            .Raw($"<div id=\"sweep\" data-live=\"{ConsolePage.Root}/events/sweeps/{Html.Url(id)}\">")
            .Raw(Live(sweep)).Raw("</div>")
            .Element("h2", "Spec").Raw("<pre class=\"yaml\">").Raw(YamlHighlight.Render(sweep.SpecYaml))
            .Raw("</pre>");
        return html;
    }

    /// <summary>The part of the page that changes while the sweep runs.</summary>
    public static string Live(SweepDetail sweep)
    {
        var s = sweep.Summary;
        var html = new Html().Raw($"<dl class=\"summary\" data-state=\"{Html.Encode(s.Outcome)}\">")
            .Element("dt", "state").Element("dd", s.Outcome, "state")
            .Element("dt", "progress").Raw("<dd>").Raw(StateBar.Draw(s.Counts, s.DefinedTrials)).Raw("</dd>")
            .Element("dt", "dataset / suite").Element("dd", $"{s.Dataset} / {s.Suite}")
            .Element("dt", "search").Element("dd", $"{s.Method}, {s.ParallelTrials} in parallel")
            .Element("dt", "best").Element("dd", s.BestValue is { } best
                ? $"{s.Metric} = {Html.Number(best)} ({s.BestTrialId})"
                : $"{s.Metric}: none yet")
            .Element("dt", "started").Element("dd", Html.Time(s.CreatedAt))
            .Element("dt", "updated").Element("dd", Html.Time(s.UpdatedAt));
        if (s.Message is { Length: > 0 }) html.Element("dt", "message").Element("dd", s.Message);
        html.Raw("</dl>").Element("h2", "Trials").Raw(TrialsTable(sweep)).Element("h2", "Learning curves")
            .Raw("<div class=\"charts\">")
            .Raw(LineChart.Draw("training loss per epoch", "epoch", "train loss",
                Curves(sweep, e => e.TrainLoss)))
            .Raw(LineChart.Draw("test accuracy per epoch", "epoch", "test accuracy",
                Curves(sweep, e => e.TestAccuracy)))
            .Raw("</div>");
        var stopped = sweep.Trials.Where(t => t.Status.State == TrialState.StoppedEarly).ToList();
        if (stopped.Count > 0)
        {
            html.Element("h2", "Stopped by ASHA").Raw("<ul class=\"stopped\">");
            foreach (var t in stopped)
                html.Element("li", $"trial {t.Status.Index:D5}: stopped at the rung of epoch " +
                                   $"{t.Status.EpochsCompleted}");
            html.Raw("</ul>");
        }
        return html.ToString();
    }

    private static string TrialsTable(SweepDetail sweep)
    {
        var metric = sweep.Summary.Metric;
        var html = new Html()
            .Raw("<input type=\"search\" class=\"filter\" data-filter=\"trials\" placeholder=\"filter trials\" ")
            .Raw("aria-label=\"filter trials\">")
            .Raw("<table id=\"trials\" class=\"sortable\"><thead><tr><th>#</th><th>parameters</th><th>seed</th>")
            .Raw("<th>state</th><th>attempts</th><th>epoch</th>").Element("th", metric)
            .Raw("<th>duration (s)</th></tr></thead><tbody>");
        foreach (var trial in sweep.Trials.OrderBy(t => t.Status.Index))
        {
            var t = trial.Status;
            var parameters = string.Join(" ", t.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
            var value = t.Metrics.TryGetValue(metric, out var v) ? v : double.NaN;
            var seconds = trial.Epochs.Sum(e => e.Seconds);
            html.Raw($"<tr data-trial=\"{t.Index}\">")
                .Element("td", t.Index.ToString("D5", CultureInfo.InvariantCulture))
                .Element("td", parameters, "parameters").Element("td", t.Seed.ToString(CultureInfo.InvariantCulture))
                .Element("td", t.State.ToDisplay(), $"state state-{t.State.ToDisplay()}")
                .Element("td", t.Attempts.ToString(CultureInfo.InvariantCulture), "num")
                .Element("td", $"{t.EpochsCompleted}/{t.Epochs}", "num")
                .Element("td", Html.Number(value), "num")
                .Element("td", seconds > 0 ? Html.Number(seconds, "0.0") : "–", "num").Raw("</tr>");
        }
        return html.Raw("</tbody></table>").ToString();
    }

    private static List<Series> Curves(SweepDetail sweep, Func<EpochProgress, double> value) =>
    [
        .. sweep.Trials.Where(t => t.Epochs.Length > 0).OrderBy(t => t.Status.Index).Select(t => new Series(
            $"trial {t.Status.Index:D5}", [.. t.Epochs.Select(e => ((double)e.Epoch, value(e)))])),
    ];
}
