namespace RobustGrid.Grid.Hosting;

/// <summary>
/// Reads a Pareto view's metrics (<c>clean/error,corruption/mce</c>) and optional goals (<c>minimize,minimize</c>) as
/// <c>robustgrid leaderboard --pareto</c> and the HTTP API receive them, with the same bounds and messages for both.
/// Whether the board has the metrics is checked against its answer (<see cref="UnknownMetrics"/>).
/// </summary>
public static class ParetoRequest
{
    public const int MaxMetrics = 8;
    private const int MaxMetricLength = 128;

    /// <returns>The metrics and goals, or the error, which starts with the field it is about.</returns>
    public static (string[] Metrics, bool[]? LowerIsBetter, string? Error) Parse(string field, string? metrics,
        string? goals, string goalsField = "goals")
    {
        if (string.IsNullOrWhiteSpace(metrics))
            return ([], null, $"{field}: required: two to {MaxMetrics} comma-separated metrics, " +
                "e.g. clean/error,corruption/mce");
        var names = metrics.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length is < 2 or > MaxMetrics)
            return ([], null, $"{field}: give two to {MaxMetrics} comma-separated metrics (got {names.Length})");
        foreach (var name in names)
        {
            if (name.Length is 0 or > MaxMetricLength || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
                return ([], null, $"{field}: '{Shown(name)}' is not a metric name");
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            return ([], null, $"{field}: a metric is listed twice");
        if (goals is null) return (names, null, null);
        var given = goals.Split(',', StringSplitOptions.TrimEntries);
        if (given.Length != names.Length)
            return ([], null, $"{goalsField}: one goal per metric ({names.Length}), got {given.Length}");
        var lower = new bool[given.Length];
        for (var i = 0; i < given.Length; i++)
        {
            if (given[i] is not ("minimize" or "maximize"))
                return ([], null, $"{goalsField}: '{Shown(given[i])}' is not a goal; use minimize or maximize");
            lower[i] = given[i] == "minimize";
        }
        return (names, lower, null);
    }

    /// <summary>The asked metrics that are no column of the board: a mistake the reader should hear about, unless
    /// the board is empty.</summary>
    public static string? UnknownMetrics(string field, ParetoPage page)
    {
        if (page.Entries == 0) return null;
        var unknown = page.Metrics.Where(m => !page.BoardMetrics.Contains(m)).ToList();
        return unknown.Count == 0 ? null
            : $"{field}: {string.Join(", ", unknown.Select(m => $"'{m}'"))} is not a metric of leaderboard " +
                $"'{LeaderboardKeys.For(page.Dataset, page.Suite)}'; metrics: {string.Join(", ", page.BoardMetrics)}";
    }

    private static string Shown(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
