using System.Text.RegularExpressions;

namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>A spec's YAML as escaped HTML with its keys and comments marked, for the style sheet to colour.</summary>
public static partial class YamlHighlight
{
    [GeneratedRegex(@"^(?<lead>\s*(?:-\s+)?)(?<key>[A-Za-z0-9_.\-/]+)(?<rest>:(?:\s.*)?)$")]
    private static partial Regex KeyLine();

    public static string Render(string yaml)
    {
        var html = new Html();
        foreach (var line in yaml.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith('#'))
                html.Element("span", line, "yaml-comment");
            else if (KeyLine().Match(line) is { Success: true } m)
                html.Text(m.Groups["lead"].Value).Element("span", m.Groups["key"].Value, "yaml-key")
                    .Text(m.Groups["rest"].Value);
            else
                html.Text(line);
            html.Raw("\n");
        }
        return html.ToString();
    }
}
