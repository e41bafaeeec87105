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

    /// <summary>Accepts a run folder as well as the file inside it.</summary>
    public static string ResolveCheckpoint(string value) => Training.Checkpoints.CheckpointFile.Resolve(value);
}
