using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Hosting.WebConsole.Charts;

/// <summary>A sweep's progress: one bar split by how many of its trials are in each state, coloured by state (the
/// style sheet's <c>state-…</c> classes).</summary>
public static class StateBar
{
    private const int Width = 220, Height = 14;

    public static string Draw(IReadOnlyDictionary<TrialState, int> counts, int defined)
    {
        var total = Math.Max(defined, counts.Values.Sum());
        var summary = string.Join(", ", counts.Where(c => c.Value > 0).OrderBy(c => c.Key)
            .Select(c => $"{c.Value} {c.Key.ToDisplay()}"));
        var svg = new Html().Raw(Svg.Open(Width, Height, "state-bar", summary.Length == 0 ? "no trials" : summary));
        svg.Raw($"<rect class=\"state-track\" width=\"{Width}\" height=\"{Height}\"/>");
        var x = 0.0;
        foreach (var (state, n) in counts.Where(c => c.Value > 0).OrderByDescending(c => c.Key.IsTerminal())
                     .ThenBy(c => c.Key))
        {
            if (state == TrialState.Pending) continue;
            var w = total == 0 ? 0 : (double)n / total * Width;
            svg.Raw($"<rect class=\"state-{state.ToDisplay()}\" x=\"{Svg.N(x)}\" width=\"{Svg.N(w)}\" ")
                .Raw($"height=\"{Height}\">").Raw(Svg.Title($"{n} {state.ToDisplay()}")).Raw("</rect>");
            x += w;
        }
        return svg.Raw("</svg>").ToString();
    }
}
