namespace RobustGrid.Grid.Grains.Execution;

/// <summary>Checkpoints under one folder that every silo mounts (a local disk in embedded mode, NFS in a cluster).</summary>
public sealed class SharedFileCheckpointStore(string root) : ICheckpointStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RunDirectory(TrialSpec spec) =>
        Path.Combine(Root, "sweeps", spec.SweepId, spec.Index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));

    public string Describe() => $"shared folder {Root}";

    /// <summary>
    /// The run folder of trial <paramref name="trialId"/> (<c>{sweep id}/{index:D5}</c>), found from the run folder of
    /// any trial of the same store.
    /// </summary>
    public static string TrialRunDirectoryBeside(string runDirectory, string trialId)
    {
        var slash = trialId.LastIndexOf('/');
        if (slash <= 0 || slash == trialId.Length - 1)
            throw new ArgumentException($"'{trialId}' is not a trial id ('<sweep id>/<index>', as sweep status and leaderboards print it)");
        return Path.Combine(Path.GetFullPath(Path.Combine(runDirectory, "..", "..")), trialId[..slash], trialId[(slash + 1)..]);
    }

    /// <summary>
    /// The folder of a cached pipeline stage output, found from the run folder of any trial of this store: stages
    /// live beside the sweeps (<c>ROOT/stages/NAME</c>), so every silo that reaches the runs reaches them too.
    /// </summary>
    public static string StageDirectoryBeside(string runDirectory, string name) =>
        Path.Combine(Path.GetFullPath(Path.Combine(runDirectory, "..", "..", "..")), "stages", name);
}
