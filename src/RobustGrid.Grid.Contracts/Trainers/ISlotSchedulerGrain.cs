namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Hands free trainer slots to waiting trials (key 0). Its slot list comes from silo metadata, so a silo that
/// joins with slots is used at once and a dead silo's slots disappear.
/// </summary>
public interface ISlotSchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Queues a trial for a slot of the given device ("cpu", "cuda" or "auto"). Idempotent.</summary>
    Task Request(string trialId, string device);

    Task Withdraw(string trialId);

    Task Release(string slotKey, string trialId);

    [AlwaysInterleave]
    Task<SchedulerStatus> GetStatus();
}
