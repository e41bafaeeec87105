namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Where trials keep checkpoints and artifacts. Every silo must reach the same store (like Ray Tune's storage_path),
/// so a trial retried on another silo resumes from its checkpoint. An object store can implement this later.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>
    /// The folder of one trial. Only named here (this runs on a grain turn); the slot worker creates it on its own
    /// thread before the trial runs.
    /// </summary>
    string RunDirectory(TrialSpec spec);

    string Describe();
}
