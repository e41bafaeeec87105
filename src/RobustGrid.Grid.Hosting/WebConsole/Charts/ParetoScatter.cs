using RobustGrid.Grid.Grains.Statistics;

namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>A point of a <see cref="ParetoScatter"/>: a leaderboard row and where its page is.</summary>
public sealed record ScatterPoint(double X, double Y, string Label, string Href);

/// <summary>
/// Two errors against each other (clean error and mCE, the trade-off robustness papers argue about), lower better on
/// both; the points no other point beats on both are the Pareto front, drawn as a line and marked.
/// </summary>
public static class ParetoScatter
{
    private const int Width = 520, Height = 320, Left = 52, Right = 24, Top = 16, Bottom = 40;

    /// <summary>The points not dominated by any other (the leaderboard's own Pareto rule), by increasing X.</summary>
    public static IReadOnlyList<ScatterPoint> Front(IReadOnlyList<ScatterPoint> points) =>
        [.. Pareto.Front([.. points.Select(p => (IReadOnlyList<double>)[p.X, p.Y])])
            .Select(i => points[i]).OrderBy(p => p.X).ThenBy(p => p.Y)];

    public static string Draw(string label, string xLabel, string yLabel, IReadOnlyList<ScatterPoint> points)
    {
        var x = Axis.Over(points.Select(p => p.X), Left, Width - Right);
        var y = Axis.Over(points.Select(p => p.Y), Height - Bottom, Top);
        var front = Front(points);
        var svg = new Html().Raw(Svg.Open(Width, Height, "chart scatter", label))
            .Raw($"<g data-points=\"{points.Count}\">").Raw(Svg.Axes(x, y, xLabel, yLabel));
        // Every point as one path of dots, so that a board of thousands of rows stays a small page; the front's
        // points, the ones worth a look, are drawn over them with their labels and links.
        var dots = new System.Text.StringBuilder();
        foreach (var p in points) dots.Append('M').Append(Svg.N(x.Map(p.X))).Append(' ').Append(Svg.N(y.Map(p.Y)))
            .Append("h0");
        svg.Raw($"<path class=\"points\" d=\"{dots}\"/>");
        var line = front.Select(p => $"{Svg.N(x.Map(p.X))},{Svg.N(y.Map(p.Y))}");
        svg.Raw($"<polyline class=\"pareto-line\" fill=\"none\" points=\"{string.Join(' ', line)}\"/>");
        foreach (var p in front)
            svg.Raw($"<a href=\"{Html.Encode(p.Href)}\"><circle class=\"pareto\" r=\"4\" ")
                .Raw($"cx=\"{Svg.N(x.Map(p.X))}\" cy=\"{Svg.N(y.Map(p.Y))}\">")
                .Raw(Svg.Title($"{p.Label}: {xLabel} {Html.Number(p.X)}, {yLabel} {Html.Number(p.Y)}"))
                .Raw("</circle></a>");
        svg.Raw("</g>");
        if (points.Count == 0) svg.Raw(Svg.Text(Width / 2.0, Height / 2.0, "no row has both columns", "middle"));
        return svg.Raw("</svg>").ToString();
    }
}
