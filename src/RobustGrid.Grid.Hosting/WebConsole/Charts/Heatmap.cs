namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>A grid of errors in [0, 1] (corruptions by severity), white at 0 to red at 1, each cell labelled with its
/// value; a cell without a value is left grey.</summary>
public static class Heatmap
{
    private const int Cell = 44, RowHeight = 20, LabelWidth = 130, Top = 22;

    public static string Draw(string label, IReadOnlyList<string> rows, IReadOnlyList<string> columns,
        Func<string, string, double?> value)
    {
        var width = LabelWidth + columns.Count * Cell + 4;
        var height = Top + rows.Count * RowHeight + 4;
        var svg = new Html().Raw(Svg.Open(width, height, "chart heatmap", label));
        for (var c = 0; c < columns.Count; c++)
            svg.Raw(Svg.Text(LabelWidth + c * Cell + Cell / 2.0, Top - 6, columns[c], "middle"));
        for (var r = 0; r < rows.Count; r++)
        {
            var top = Top + r * RowHeight;
            svg.Raw(Svg.Text(LabelWidth - 6, top + 14, rows[r], "end"));
            for (var c = 0; c < columns.Count; c++)
            {
                var v = value(rows[r], columns[c]);
                var left = LabelWidth + c * Cell;
                svg.Raw($"<g class=\"cell\"><rect x=\"{left}\" y=\"{top}\" width=\"{Cell - 2}\" ")
                    .Raw($"height=\"{RowHeight - 2}\" fill=\"{Colour(v)}\"/>")
                    .Raw(Svg.Title($"{rows[r]}, {columns[c]}: {(v is { } e ? Html.Number(e) : "not scored")}"));
                if (v is { } shown) svg.Raw(Svg.Text(left + Cell / 2.0 - 1, top + 13, Html.Number(shown, "0.00"),
                    "middle", "cell-value"));
                svg.Raw("</g>");
            }
        }
        return svg.Raw("</svg>").ToString();
    }

    /// <summary>White (error 0) to a saturated red (error 1).</summary>
    private static string Colour(double? error)
    {
        if (error is not { } e || !double.IsFinite(e)) return "#dddddd";
        var t = Math.Clamp(e, 0, 1);
        var fade = (int)Math.Round(255 * (1 - t));
        return $"#ff{fade:x2}{fade:x2}";
    }
}
