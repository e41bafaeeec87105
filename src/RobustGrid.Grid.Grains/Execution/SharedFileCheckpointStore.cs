namespace RobustGrid.Grid.Grains.Execution;

/// <summary>Checkpoints under one folder that every silo mounts (a local disk in embedded mode, NFS in a cluster).</summary>
public sealed class SharedFileCheckpointStore(string root) : ICheckpointStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RunDirectory(TrialSpec spec) =>
        Path.Combine(Root, "sweeps", spec.SweepId, spec.Index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));

    public string Describe() => $"shared folder {Root}";

    /// <summary>
    /// The folder of a cached pipeline stage output, found from the run folder of any trial of this store: stages
    /// live beside the sweeps (<c>ROOT/stages/NAME</c>), so every silo that reaches the runs reaches them too.
    /// </summary>
    public static string StageDirectoryBeside(string runDirectory, string name) =>
        Path.Combine(Path.GetFullPath(Path.Combine(runDirectory, "..", "..", "..")), "stages", name);
}
