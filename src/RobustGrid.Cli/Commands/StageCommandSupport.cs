using System.CommandLine;
using System.Globalization;
using RobustGrid.Data;
using RobustGrid.Training.TestTime.DynTta;
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

    public static void PrintScores(string title, IEnumerable<EnhancerScores> scores, IReadOnlyList<string> corruptions)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        table.AddPlainColumns(["model", "clean error %", .. corruptions.Select(c => $"{c} err %"), "mCE %"]);
        foreach (var s in scores)
        {
            table.AddPlainRow([s.Enhancer, Percent(1 - s.CleanAccuracy), .. corruptions.Select(c => Percent(1 - s.CorruptionAccuracy[c])),
                s.MeanCorruptionError.ToString("F2", CultureInfo.InvariantCulture)]);
        }
        AnsiConsole.Write(table);
        // The table wraps in narrow terminals and logs; one plain line per model keeps the headline numbers readable.
        foreach (var s in scores)
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Enhancer}: clean error {100 * (1 - s.CleanAccuracy):F2} %, mCE {s.MeanCorruptionError:F2} %"));
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
