using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting.WebConsole.Charts;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>The Sweeps page: every sweep, newest first, with its state, progress by trial state and best value. Its
/// table is re-rendered and pushed over server-sent events while the page is open.</summary>
public static class SweepsView
{
    public static Html Page(IReadOnlyList<SweepSummary> sweeps) => new Html()
        .Raw($"<div id=\"sweeps\" data-live=\"{ConsolePage.Root}/events/sweeps\">").Raw(Table(sweeps)).Raw("</div>");

    public static string Table(IReadOnlyList<SweepSummary> sweeps)
    {
        if (sweeps.Count == 0)
            return new Html().Raw("<p class=\"empty\">No sweep yet: ")
                .Link($"{ConsolePage.Root}/launch", "launch one").Raw(".</p>").ToString();
        var html = new Html().Raw("<table class=\"sweeps\"><thead><tr><th>sweep</th><th>state</th>")
            .Raw("<th>progress</th><th>trials</th><th>metric</th><th>best</th><th>started</th><th>finished</th>")
            .Raw("</tr></thead><tbody>");
        foreach (var s in sweeps.OrderByDescending(s => s.CreatedAt))
        {
            var done = s.Counts.Where(c => c.Key.IsTerminal()).Sum(c => c.Value);
            html.Raw($"<tr data-sweep=\"{Html.Encode(s.SweepId)}\" data-state=\"{Html.Encode(s.Outcome)}\"><td>")
                .Link($"{ConsolePage.Root}/sweeps/{Html.Url(s.SweepId)}", s.Name)
                .Raw("<div class=\"id\">").Text(s.SweepId).Raw("</div></td>")
                .Element("td", s.Outcome, $"state sweep-{s.State.ToDisplay()}")
                .Raw("<td>").Raw(StateBar.Draw(s.Counts, s.DefinedTrials)).Raw("</td>")
                .Element("td", $"{done}/{s.DefinedTrials}", "num")
                .Element("td", s.Metric)
                .Element("td", s.BestValue is { } best ? Html.Number(best) : "–", "num")
                .Element("td", Html.Time(s.CreatedAt))
                .Element("td", s.State.IsFinished() ? Html.Time(s.UpdatedAt) : "")
                .Raw("</tr>");
        }
        return html.Raw("</tbody></table>").ToString();
    }
}
