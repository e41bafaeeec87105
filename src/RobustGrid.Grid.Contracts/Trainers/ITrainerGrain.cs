namespace RobustGrid.Grid.Contracts;

/// <summary>
/// One accelerator or CPU slot on one silo. Key "{silo}/{slot}"; placed only on that silo, and only when it
/// advertises the slot. Training runs on the slot's dedicated worker thread, never on a grain turn.
/// </summary>
public interface ITrainerGrain : IGrainWithStringKey
{
    /// <summary>Starts the job on the worker thread and returns at once; false when the slot is busy.</summary>
    Task<bool> Run(TrainerJob job);

    [AlwaysInterleave]
    Task Cancel(string trialId);

    [AlwaysInterleave]
    Task<string?> CurrentTrial();

    [AlwaysInterleave]
    Task<string> WhereAmI();
}
