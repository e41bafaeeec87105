using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// Builds a page's HTML. Text goes through <see cref="Text"/>, which escapes it (spec text, sweep names, parameters
/// and metric names all come from users); <see cref="Raw"/> takes markup this code wrote itself.
/// </summary>
public sealed class Html
{
    private readonly StringBuilder _out = new();

    public Html Raw(string markup)
    {
        _out.Append(markup);
        return this;
    }

    public Html Text(string? text)
    {
        if (text is not null) _out.Append(Encode(text));
        return this;
    }

    /// <summary>An element holding <paramref name="text"/>, escaped.</summary>
    public Html Element(string tag, string? text, string? cssClass = null)
    {
        _out.Append('<').Append(tag);
        if (cssClass is not null) _out.Append(" class=\"").Append(Encode(cssClass)).Append('"');
        _out.Append('>').Append(Encode(text ?? "")).Append("</").Append(tag).Append('>');
        return this;
    }

    public Html Link(string href, string text) =>
        Raw("<a href=\"").Raw(Encode(href)).Raw("\">").Text(text).Raw("</a>");

    public override string ToString() => _out.ToString();

    /// <summary>Escapes for element text and quoted attribute values alike.</summary>
    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>A path segment or query value of a link.</summary>
    public static string Url(string text) => Uri.EscapeDataString(text);

    public static string Number(double value, string format = "0.0000") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Time(DateTimeOffset time) =>
        time == default ? "" : time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
