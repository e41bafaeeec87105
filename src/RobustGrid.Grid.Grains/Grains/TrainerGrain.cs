using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Placement;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// A thin grain over one slot worker of its silo. It holds no state: the worker thread owns the running job, so a
/// deactivated and reactivated trainer grain sees the same job.
/// </summary>
[TrainerSlotPlacement]
public sealed class TrainerGrain(SlotWorkerPool pool, ILocalSiloDetails silo) : Grain, ITrainerGrain
{
    private SlotWorker? _worker;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!TrainerSlotKey.TryParse(key, out var address, out var slot) || !address.Equals(silo.SiloAddress))
            throw new InvalidOperationException($"trainer slot {key} does not belong to silo {silo.SiloAddress}");
        _worker = pool.Get(slot);
        return Task.CompletedTask;
    }

    public Task<bool> Run(TrainerJob job) => Task.FromResult(_worker!.TryStart(job, this.GetPrimaryKeyString()));

    public Task Cancel(string trialId)
    {
        _worker!.Cancel(trialId);
        return Task.CompletedTask;
    }

    public Task<string?> CurrentTrial() => Task.FromResult(_worker!.CurrentTrial);

    public Task<string> WhereAmI() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
