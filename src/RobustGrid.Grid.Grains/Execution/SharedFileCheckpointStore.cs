namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Checkpoints under one folder that every silo mounts (a local disk in embedded mode, NFS in a cluster):
/// <c>ROOT/sweeps/{sweep id}/{index}</c> per trial and <c>ROOT/stages/{name}</c> per shared stage output.
/// </summary>
public sealed class SharedFileCheckpointStore(string root) : ICheckpointStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RunDirectory(TrialId trial) => Path.Combine(Root, "sweeps", trial.SweepId, trial.IndexText);

    public string StageDirectory(string name)
    {
        // A name is one folder: nothing in it may lead out of stages/.
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0)
            throw new ArgumentException($"'{name}' is not a stage folder name", nameof(name));
        return Path.Combine(Root, "stages", name);
    }

    public string Describe() => $"shared folder {Root}";
}
