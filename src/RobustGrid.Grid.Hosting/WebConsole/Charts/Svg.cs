using System.Globalization;

namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>Pieces of SVG markup shared by the charts; every text in them is escaped.</summary>
internal static class Svg
{
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Open(int width, int height, string cssClass, string label) =>
        $"<svg class=\"{cssClass}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" " +
        $"role=\"img\" aria-label=\"{Html.Encode(label)}\" xmlns=\"http://www.w3.org/2000/svg\">";

    public static string Text(double x, double y, string text, string anchor = "start", string cssClass = "label") =>
        $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" class=\"{cssClass}\">{Html.Encode(text)}</text>";

    public static string Title(string text) => $"<title>{Html.Encode(text)}</title>";

    /// <summary>Left and bottom axes with tick labels, in a plot area starting at (left, top).</summary>
    public static string Axes(Axis x, Axis y, string xLabel, string yLabel, string format = "0.###")
    {
        var html = new Html()
            .Raw($"<g class=\"axes\"><line x1=\"{N(x.From)}\" y1=\"{N(y.From)}\" x2=\"{N(x.To)}\" y2=\"{N(y.From)}\"/>")
            .Raw($"<line x1=\"{N(x.From)}\" y1=\"{N(y.From)}\" x2=\"{N(x.From)}\" y2=\"{N(y.To)}\"/>");
        foreach (var t in x.Ticks())
            html.Raw(Text(x.Map(t), y.From + 14, t.ToString(format, CultureInfo.InvariantCulture), "middle"));
        foreach (var t in y.Ticks())
            html.Raw(Text(x.From - 4, y.Map(t) + 4, t.ToString(format, CultureInfo.InvariantCulture), "end"));
        html.Raw(Text((x.From + x.To) / 2, y.From + 30, xLabel, "middle", "axis-title"))
            .Raw(Text(4, y.To - 6, yLabel, "start", "axis-title"));
        return html.Raw("</g>").ToString();
    }

    /// <summary>The nth of a fixed set of distinguishable colours.</summary>
    public static string Colour(int n) => Palette[n % Palette.Length];

    private static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];
}
