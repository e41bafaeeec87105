namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>One named line of a <see cref="LineChart"/>: (x, y) points in x order.</summary>
public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>Several lines on shared axes (learning curves: a value per epoch, a line per trial), each point marked so
/// that a one-epoch trial still shows.</summary>
public static class LineChart
{
    private const int Width = 520, Height = 260, Left = 52, Right = 24, Top = 16, Bottom = 40;

    public static string Draw(string label, string xLabel, string yLabel, IReadOnlyList<Series> lines)
    {
        var points = lines.SelectMany(l => l.Points).ToList();
        var x = Axis.Over(points.Select(p => p.X), Left, Width - Right);
        var y = Axis.Over(points.Select(p => p.Y), Height - Bottom, Top);
        var svg = new Html().Raw(Svg.Open(Width, Height, "chart line-chart", label))
            .Raw(Svg.Axes(x, y, xLabel, yLabel));
        for (var i = 0; i < lines.Count; i++)
        {
            var colour = Svg.Colour(i);
            var line = lines[i];
            var coordinates = line.Points.Select(p => $"{Svg.N(x.Map(p.X))},{Svg.N(y.Map(p.Y))}");
            svg.Raw($"<g class=\"series\" data-series=\"{Html.Encode(line.Name)}\">").Raw(Svg.Title(line.Name))
                .Raw($"<polyline fill=\"none\" stroke=\"{colour}\" points=\"{string.Join(' ', coordinates)}\"/>");
            foreach (var p in line.Points)
                svg.Raw($"<circle r=\"3\" fill=\"{colour}\" cx=\"{Svg.N(x.Map(p.X))}\" cy=\"{Svg.N(y.Map(p.Y))}\">")
                    .Raw(Svg.Title($"{line.Name}: {xLabel} {Svg.N(p.X)}, {yLabel} {Html.Number(p.Y)}"))
                    .Raw("</circle>");
            svg.Raw("</g>");
        }
        if (points.Count == 0) svg.Raw(Svg.Text(Width / 2.0, Height / 2.0, "no epoch finished yet", "middle"));
        return svg.Raw("</svg>").ToString();
    }
}
