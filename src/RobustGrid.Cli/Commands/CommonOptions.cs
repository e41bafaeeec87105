using System.CommandLine;

namespace RobustGrid.Cli.Commands;

/// <summary>Options shared by several commands, so each means the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "auto (CUDA when available), cpu or cuda. CUDA needs ROBUSTGRID_LIBTORCH (see README).",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string> Checkpoint() => new("--checkpoint")
    {
        Description = "A checkpoint file (checkpoint.rgck) or the run folder that holds it.",
        Required = true,
    };

    /// <summary>A comma-separated subset of the corruption suite's corruptions.</summary>
    public static Option<string?> Corruptions(string name = "--corruptions") => new(name)
    {
        Description =
            "Comma-separated subset of corruptions (default: all 19; mCE averages the 15 benchmark ones among them).",
    };

    /// <summary>The corruption names of a <see cref="Corruptions"/> value; null (all) when it is not given.</summary>
    public static IReadOnlyList<string>? CorruptionList(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Seed of the generated corruption suite (the same seed gives the same corrupted images).</summary>
    public static Option<long> SuiteSeed(string name = "--seed") => new(name)
    {
        Description = "Seed of the generated corruption suite.",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>A fraction as the CLI prints it: a percentage with two decimals, "-" for NaN (the unit is the caller's
    /// label).</summary>
    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "-"
            : (100 * fraction).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A fraction as a labelled percentage, e.g. "24.70 %"; "-" for NaN.</summary>
    public static string PercentWithUnit(double fraction) => double.IsNaN(fraction) ? "-" : Percent(fraction) + " %";

    /// <summary>Accepts a run folder as well as the file inside it.</summary>
    public static string ResolveCheckpoint(string value) => Training.Checkpoints.CheckpointFile.Resolve(value);
}
