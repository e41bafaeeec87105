namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Where trials keep checkpoints and artifacts. Every silo must reach the same store (like Ray Tune's storage_path),
/// so a trial retried on another silo resumes from its checkpoint, and a trial that names an earlier trial's result
/// (<c>trial:&lt;id&gt;</c>) finds it on whichever silo runs it. An object store can implement this later.
/// Folders are only named here (this runs on grain turns); whoever writes them creates them on its own thread.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>The folder of one trial: its checkpoints, and what later trials read when they name it.</summary>
    string RunDirectory(TrialId trial);

    /// <summary>The folder of a cached pipeline stage output that trials of any sweep share (NaTra's stages
    /// 1-4).</summary>
    string StageDirectory(string name);

    string Describe();
}
