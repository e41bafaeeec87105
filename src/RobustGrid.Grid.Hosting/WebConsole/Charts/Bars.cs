namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>Horizontal bars with their values, from zero (per-family errors, or a sweep's trials by state).</summary>
public static class Bars
{
    private const int Width = 420, RowHeight = 22, LabelWidth = 110, ValueWidth = 60;

    public static string Draw(string label, IReadOnlyList<(string Name, double Value)> bars)
    {
        var height = Math.Max(1, bars.Count) * RowHeight + 4;
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 1e-12);
        var span = Width - LabelWidth - ValueWidth;
        var svg = new Html().Raw(Svg.Open(Width, height, "chart bars", label));
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            var top = i * RowHeight + 2;
            var length = double.IsFinite(value) ? Math.Max(0, value) / max * span : 0;
            svg.Raw(Svg.Text(LabelWidth - 6, top + 14, name, "end"))
                .Raw($"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{top}\" width=\"{Svg.N(length)}\" ")
                .Raw($"height=\"{RowHeight - 6}\"/>")
                .Raw(Svg.Text(LabelWidth + length + 4, top + 14, Html.Number(value)));
        }
        return svg.Raw("</svg>").ToString();
    }
}
