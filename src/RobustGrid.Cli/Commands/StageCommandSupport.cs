using System.CommandLine;
using RobustGrid.Corruptions.Metrics;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary>Pieces shared by the stage-pipeline commands (dyntta, natra, robustness).</summary>
internal static class StageCommandSupport
{
    public static Option<string[]> Settings() => new("--set")
    {
        Description = "Pipeline option as key=value; repeatable (see docs/methods.md for the names).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static void Log(string line) => AnsiConsole.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

    /// <summary>
    /// Side-by-side summaries on one suite: clean error, each corruption's error (mean over severities) and mCE, all
    /// fractions printed as percentages under labelled columns.
    /// </summary>
    public static void PrintScores(string title, IReadOnlyList<RobustnessSummary> scores)
    {
        var corruptions = scores.Count > 0 ? scores[0].CorruptionErrors.Keys.ToList() : [];
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddPlainColumns(["model", "clean error %", .. corruptions.Select(c => $"{c} err %"), "mCE %"]);
        foreach (var s in scores)
        {
            table.AddPlainRow([s.Name, CommonOptions.Percent(s.Clean.Error),
                .. corruptions.Select(c => CommonOptions.Percent(s.CorruptionErrors.GetValueOrDefault(c, double.NaN))),
                CommonOptions.Percent(s.MeanCorruptionError)]);
        }
        AnsiConsole.Write(table);
        // The table wraps in narrow terminals and logs; one plain line per model keeps the headline numbers readable.
        foreach (var s in scores)
            AnsiConsole.WriteLine($"{s.Name}: clean error {CommonOptions.PercentWithUnit(s.Clean.Error)}, " +
                $"mCE {CommonOptions.PercentWithUnit(s.MeanCorruptionError)}");
    }
}
