using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.MembershipService.SiloMetadata;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Placement;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// Matches waiting trials to free slots, first come first served. The slot list is rebuilt from cluster membership and
/// silo metadata whenever membership changes; its busy map is soft state, rebuilt on activation by asking the
/// trainers, and trials re-request through their watchdog, so losing this grain loses nothing.
/// </summary>
[Reentrant]
public sealed class SlotSchedulerGrain(
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    [FromKeyedServices(GridClock.Key)] TimeProvider clock,
    ILogger<SlotSchedulerGrain> logger) : Grain, ISlotSchedulerGrain
{
    private sealed class Slot(string key, SiloAddress silo, int index, string device)
    {
        public string Key { get; } = key;
        public SiloAddress Silo { get; } = silo;
        public int Index { get; } = index;
        public string Device { get; } = device;
        public string? Trial { get; set; }
        public DateTimeOffset Since { get; set; }
        /// <summary>A slot that refused a grant (its silo is shutting down, or it still runs another trial) is skipped
        /// until then, so a refusal cannot turn into a tight grant-refuse loop; the 1 s tick dispatches
        /// again.</summary>
        public DateTimeOffset RefusedUntil { get; set; }
    }

    internal static readonly TimeSpan RefusalPause = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Slot> _slots = [];
    private readonly LinkedList<(string Trial, string Device)> _waiting = new();
    private readonly Dictionary<string, LinkedListNode<(string Trial, string Device)>> _waitingIndex = [];
    private readonly Dictionary<string, Slot> _byTrial = [];
    private MembershipVersion _version = MembershipVersion.MinValue;
    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RefreshSlots();
        // Rebuild the busy map: a previous activation may have handed out slots that are still running.
        await Task.WhenAll(_slots.Values.Select(async slot =>
        {
            try
            {
                var trial = await GrainFactory.GetGrain<ITrainerGrain>(slot.Key).CurrentTrial();
                if (trial is not null) MarkBusy(slot, trial);
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Slot {Slot} did not answer", slot.Key);
            }
        }));
        _timer = this.RegisterGrainTimer(static (self, ct) => self.Tick(), this, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromSeconds(1),
            Period = TimeSpan.FromSeconds(1),
            Interleave = true,
            KeepAlive = true,
        });
    }

    public Task Request(string trialId, string device)
    {
        if (!_waitingIndex.ContainsKey(trialId) && !_byTrial.ContainsKey(trialId))
            _waitingIndex[trialId] = _waiting.AddLast((trialId, device));
        Dispatch();
        return Task.CompletedTask;
    }

    public Task Withdraw(string trialId)
    {
        if (_waitingIndex.Remove(trialId, out var node)) _waiting.Remove(node);
        return Task.CompletedTask;
    }

    public Task Release(string slotKey, string trialId)
    {
        if (_slots.TryGetValue(slotKey, out var slot) && slot.Trial == trialId) Free(slot);
        Dispatch();
        return Task.CompletedTask;
    }

    public Task<SchedulerStatus> GetStatus()
    {
        RefreshSlots();
        var slots = _slots.Values.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SlotInfo(s.Key, s.Silo.ToParsableString(), s.Index, s.Device, s.Trial)).ToArray();
        return Task.FromResult(new SchedulerStatus(slots, _waiting.Count));
    }

    private void Dispatch()
    {
        RefreshSlots();
        var node = _waiting.First;
        while (node is not null)
        {
            var next = node.Next;
            var (trial, device) = node.Value;
            var now = clock.GetUtcNow();
            var slot = _slots.Values.FirstOrDefault(s => s.Trial is null && s.RefusedUntil <= now
                && Matches(s.Device, device));
            if (slot is null)
            {
                if (!_slots.Values.Any(s => s.Trial is null && s.RefusedUntil <= now)) break; // nothing free at all
                node = next;
                continue;
            }
            _waiting.Remove(node);
            _waitingIndex.Remove(trial);
            MarkBusy(slot, trial);
            _ = Grant(slot, trial);
            node = next;
        }
    }

    private static bool Matches(string slotDevice, string wanted) => wanted == "auto" || wanted == slotDevice;

    private async Task Grant(Slot slot, string trial)
    {
        bool accepted;
        try
        {
            accepted = await GrainFactory.GetGrain<IExperimentGrain>(trial).OnSlotGranted(slot.Key);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Granting {Slot} to {Trial} failed", slot.Key, trial);
            accepted = false;
        }
        if (!accepted && slot.Trial == trial)
        {
            Free(slot);
            slot.RefusedUntil = clock.GetUtcNow() + RefusalPause;
            Dispatch();
        }
    }

    private void MarkBusy(Slot slot, string trial)
    {
        slot.Trial = trial;
        slot.Since = clock.GetUtcNow();
        _byTrial[trial] = slot;
    }

    private void Free(Slot slot)
    {
        if (slot.Trial is not null) _byTrial.Remove(slot.Trial);
        slot.Trial = null;
    }

    /// <summary>Adds slots of new silos and drops those of dead ones; their trials are told at once so they
    /// retry.</summary>
    private void RefreshSlots()
    {
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version == _version) return;
        var complete = true;
        var live = new HashSet<string>();
        foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
        {
            var md = metadata.GetSiloMetadata(member.SiloAddress).Metadata;
            if (md.Count == 0) complete = false; // metadata not fetched yet: look again next time
            if (!md.TryGetValue(SiloMetadataKeys.TrainerSlots, out var text)
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) continue;
            var device = md.TryGetValue(SiloMetadataKeys.TrainerDevice, out var d) ? d : "cpu";
            for (var i = 0; i < count; i++)
            {
                var key = TrainerSlotKey.For(member.SiloAddress, i);
                live.Add(key);
                if (!_slots.ContainsKey(key)) _slots[key] = new Slot(key, member.SiloAddress, i, device);
            }
        }
        if (complete) _version = snapshot.Version;
        foreach (var dead in _slots.Values.Where(s => !live.Contains(s.Key)).ToList())
        {
            _slots.Remove(dead.Key);
            if (dead.Trial is { } trial)
            {
                logger.LogInformation("Silo {Silo} left; trial {Trial} on slot {Slot} will be retried", dead.Silo,
                    trial, dead.Key);
                _byTrial.Remove(trial);
                _ = CheckTrial(trial);
            }
        }
    }

    private async Task CheckTrial(string trial)
    {
        try
        {
            await GrainFactory.GetGrain<IExperimentGrain>(trial).Check();
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Check of {Trial} failed", trial);
        }
    }

    private Task Tick()
    {
        // Membership can change without any request arriving; re-dispatch also picks up newly joined silos.
        if (membership.CurrentSnapshot.Version != _version || _waiting.Count > 0) Dispatch();
        return Task.CompletedTask;
    }
}
