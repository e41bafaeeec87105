using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting.WebConsole.Charts;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>What a board page was asked for: the reader's query, the rows to list and the extra columns.</summary>
public sealed record BoardPageAsk(LeaderboardAsk Ask, int Rows, IReadOnlyList<string> Columns);

/// <summary>
/// The leaderboard pages: the list of boards, and one board ranked as the CLI and the API rank it
/// (<see cref="LeaderboardReader"/>), mean ± std over seeds, with filters, a column picker (a column's header ranks
/// by that column) and the clean-error versus mCE scatter of every row, its Pareto front marked.
/// </summary>
public static class BoardView
{
    public const int DefaultRows = 50;

    /// <summary>The columns shown when none are picked, those of them the board has.</summary>
    public static readonly IReadOnlyList<string> DefaultColumns =
        [MetricNames.CleanError, MetricNames.MeanCorruptionError, MetricNames.Ece];

    public static Html List(IReadOnlyList<string> boards)
    {
        if (boards.Count == 0) return new Html().Element("p", "No leaderboard has entries yet.", "empty");
        var html = new Html().Raw("<ul class=\"boards\">");
        foreach (var key in boards.Order(StringComparer.Ordinal))
            html.Raw("<li>").Link($"{ConsolePage.Root}/leaderboards/{Segments(key)}", key).Raw("</li>");
        return html.Raw("</ul>");
    }

    public static Html Page(LeaderboardPage board, BoardPageAsk asked)
    {
        var columns = (asked.Columns.Count > 0 ? asked.Columns : DefaultColumns)
            .Where(board.Metrics.Contains).Where(c => c != board.Metric).Distinct().ToList();
        var html = new Html().Raw(Filters(board, asked, columns))
            .Element("p", $"{board.Entries} entries, ranked by {board.Metric} " +
                          $"({(board.LowerIsBetter ? "lower" : "higher")} is better), {board.MetricReason}", "reason")
            .Raw("<table id=\"board\" class=\"board\"><thead><tr><th>#</th><th>method</th><th>model</th>")
            .Raw("<th>parameters</th><th>seeds</th>");
        foreach (var column in (string[])[board.Metric, .. columns])
            html.Raw($"<th data-metric=\"{Html.Encode(column)}\">")
                .Link(Href(board, asked with { Ask = asked.Ask with { Metric = column } }), column).Raw("</th>");
        html.Raw("</tr></thead><tbody>");
        foreach (var row in board.Rows.Take(asked.Rows))
        {
            html.Raw($"<tr data-config=\"{Html.Encode(row.ConfigKey)}\">")
                .Element("td", row.Rank.ToString(CultureInfo.InvariantCulture), "num")
                .Raw("<td>").Link(EntryHref(board, row), row.Method).Raw("</td>")
                .Element("td", row.Model).Element("td", Parameters(row), "parameters")
                .Element("td", string.Join(" ", row.Seeds), "num")
                .Element("td", row.Seeds.Length > 1 ? $"{Html.Number(row.Mean)} ± {Html.Number(row.Std)}"
                    : Html.Number(row.Mean), "num");
            foreach (var column in columns)
                html.Element("td", row.MetricMeans.TryGetValue(column, out var v) ? Html.Number(v) : "–", "num");
            html.Raw("</tr>");
        }
        html.Raw("</tbody></table>");
        if (board.Rows.Length > asked.Rows)
            html.Element("p", $"The first {asked.Rows} of {board.Rows.Length} rows; ask for more with 'rows'.");
        return html.Element("h2", "Clean error against mCE").Raw(Scatter(board));
    }

    public static string EntryHref(LeaderboardPage board, LeaderboardRow row) =>
        $"{ConsolePage.Root}/leaderboards/{Segments(LeaderboardKeys.For(board.Dataset, board.Suite))}/entry" +
        $"?config={Html.Url(row.ConfigKey)}";

    private static string Scatter(LeaderboardPage board)
    {
        var points = board.Rows
            .Where(r => r.MetricMeans.ContainsKey(MetricNames.CleanError)
                        && r.MetricMeans.ContainsKey(MetricNames.MeanCorruptionError))
            .Select(r => new ScatterPoint(r.MetricMeans[MetricNames.CleanError],
                r.MetricMeans[MetricNames.MeanCorruptionError], $"#{r.Rank} {r.Method} {r.Model}",
                EntryHref(board, r)))
            .ToList();
        return ParetoScatter.Draw("clean error against mCE, Pareto front marked", "clean error", "mCE", points);
    }

    private static string Filters(LeaderboardPage board, BoardPageAsk asked, IReadOnlyList<string> columns)
    {
        var ask = asked.Ask;
        var html = new Html().Raw("<form class=\"filters\" method=\"get\">")
            .Raw($"<input type=\"hidden\" name=\"metric\" value=\"{Html.Encode(board.Metric)}\">");
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("method", ask.Method), ("model", ask.Model),
                     ("sweep", ask.Sweep)])
            html.Raw($"<label>{name} <input name=\"{name}\" value=\"{Html.Encode(value ?? "")}\" size=\"14\">")
                .Raw("</label>");
        html.Raw($"<label>rows <input name=\"rows\" type=\"number\" min=\"1\" max=\"{LeaderboardReader.MaxTop}\" ")
            .Raw($"value=\"{asked.Rows}\"></label>")
            .Raw("<details class=\"columns\"><summary>columns</summary>");
        foreach (var metric in board.Metrics)
            html.Raw("<label><input type=\"checkbox\" name=\"col\" ")
                .Raw($"value=\"{Html.Encode(metric)}\"{(columns.Contains(metric) ? " checked" : "")}>")
                .Text(metric).Raw("</label>");
        return html.Raw("</details><button type=\"submit\">Apply</button></form>").ToString();
    }

    private static string Href(LeaderboardPage board, BoardPageAsk asked)
    {
        var ask = asked.Ask;
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) query.Add($"{name}={Html.Url(value)}");
        }
        Add("metric", ask.Metric);
        Add("method", ask.Method);
        Add("model", ask.Model);
        Add("sweep", ask.Sweep);
        Add("rows", asked.Rows.ToString(CultureInfo.InvariantCulture));
        foreach (var column in asked.Columns) Add("col", column);
        return $"{ConsolePage.Root}/leaderboards/{Segments(LeaderboardKeys.For(board.Dataset, board.Suite))}" +
               $"?{string.Join('&', query)}";
    }

    private static string Parameters(LeaderboardRow row) => string.Join(" ", row.Parameters
        .Where(p => p.Key is not ("method" or "model")).OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>A board key "dataset/suite" as two escaped path segments: the dataset of a <c>folder:PATH</c> board
    /// holds slashes, a suite none.</summary>
    private static string Segments(string key)
    {
        var split = key.LastIndexOf('/');
        return $"{Html.Url(key[..split])}/{Html.Url(key[(split + 1)..])}";
    }
}
