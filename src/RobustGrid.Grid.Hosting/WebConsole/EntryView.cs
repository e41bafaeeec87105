using System.Globalization;
using RobustGrid.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting.WebConsole.Charts;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// One leaderboard row (a configuration, its means over seeds): the corruption × severity error heatmap, errors by
/// corruption family, calibration, attacks, and the trials and seeds behind it with their weights to download.
/// </summary>
public static class EntryView
{
    private static readonly string[] Calibration =
        [MetricNames.CleanError, MetricNames.Nll, MetricNames.Ece, MetricNames.RmsCalibrationError,
            "calibration/ece_corrupted", MetricNames.MeanCorruptionError];

    /// <param name="exportFormats">The formats this silo exports checkpoints in (none: no download links).</param>
    public static Html Page(LeaderboardPage board, LeaderboardRow row, IReadOnlyList<string> exportFormats)
    {
        var means = row.MetricMeans;
        var html = new Html().Raw("<dl class=\"summary\">")
            .Element("dt", "board").Raw("<dd>")
            .Link($"{ConsolePage.Root}/leaderboards/{Html.Url(board.Dataset)}/{Html.Url(board.Suite)}",
                LeaderboardKeys.For(board.Dataset, board.Suite)).Raw("</dd>")
            .Element("dt", "rank").Element("dd", $"#{row.Rank} by {board.Metric}: {Html.Number(row.Mean)} ± " +
                                                 $"{Html.Number(row.Std)} over {row.Seeds.Length} seed(s)")
            .Element("dt", "method / model").Element("dd", $"{row.Method} / {row.Model}")
            .Element("dt", "parameters").Element("dd", string.Join(" ", row.Parameters.OrderBy(p => p.Key)
                .Select(p => $"{p.Key}={p.Value}")), "parameters")
            .Raw("</dl>");

        var corruptions = CorruptionNames.Names.Where(c => means.ContainsKey($"corruption/{c}")).ToList();
        var severities = Enumerable.Range(1, CorruptionNames.MaxSeverity)
            .Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList();
        html.Element("h2", "Error by corruption and severity");
        if (corruptions.Count == 0) html.Element("p", "This entry was not scored on corruptions.", "empty");
        else
            html.Raw("<div id=\"heatmap\">").Raw(Heatmap.Draw("error by corruption and severity", corruptions,
                severities, (c, s) => means.TryGetValue($"corruption/{c}/{s}", out var v) ? v : null)).Raw("</div>");

        var families = means.Where(m => m.Key.StartsWith("family/", StringComparison.Ordinal))
            .OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key["family/".Length..], m.Value)).ToList();
        if (families.Count > 0)
            html.Element("h2", "Error by corruption family").Raw(Bars.Draw("mean error by family", families));

        html.Element("h2", "Clean scores and calibration").Raw(Values(Calibration.Where(means.ContainsKey), means));
        var attacks = AttackNames.Names.Where(means.ContainsKey).ToList();
        html.Element("h2", "Attacks (robust accuracy)");
        html.Raw(attacks.Count == 0 ? new Html().Element("p", "No attack was run.", "empty").ToString()
            : Values(attacks, means));

        html.Element("h2", "Trials and seeds").Raw("<table class=\"trials\"><thead><tr><th>trial</th><th>seed</th>")
            .Raw("<th>weights</th></tr></thead><tbody>");
        for (var i = 0; i < row.TrialIds.Length; i++)
        {
            var trial = row.TrialIds[i];
            html.Raw("<tr><td>");
            if (TrialId.TryParse(trial, out var id))
                html.Link($"{ConsolePage.Root}/sweeps/{Html.Url(id.SweepId)}", trial);
            else html.Text(trial);
            html.Raw("</td>").Element("td", i < row.Seeds.Length
                    ? row.Seeds[i].ToString(CultureInfo.InvariantCulture) : "").Raw("<td>");
            if (id is not null)
                foreach (var format in exportFormats)
                    html.Raw($"<a class=\"export\" download href=\"/api/trials/{Html.Url(id.SweepId)}/")
                        .Raw($"{id.IndexText}/export?format={format}\">").Text(format).Raw("</a> ");
            html.Raw("</td></tr>");
        }
        return html.Raw("</tbody></table>");
    }

    private static string Values(IEnumerable<string> names, IReadOnlyDictionary<string, double> means)
    {
        var html = new Html().Raw("<table class=\"values\"><tbody>");
        foreach (var name in names) html.Raw("<tr>").Element("th", name).Element("td", Html.Number(means[name]), "num")
            .Raw("</tr>");
        return html.Raw("</tbody></table>").ToString();
    }
}
