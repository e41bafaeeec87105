using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Placement;

/// <summary>
/// Refuses to place a slot anywhere but its own silo: a slot of a dead or slot-less silo fails placement, which the
/// experiment grain reads as "attempt lost" and retries on another slot.
/// </summary>
public sealed class TrainerSlotPlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target,
        IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        if (!TrainerSlotKey.TryParse(key, out var silo, out var slot))
            throw new OrleansException($"'{key}' is not a trainer slot key (expected silo/slot)");
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new OrleansException($"trainer slot {key} is unavailable: silo {silo} is not active");
        var slots = metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloMetadataKeys.TrainerSlots, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (slot >= slots)
            throw new OrleansException($"trainer slot {key} is unavailable: silo {silo} advertises {slots} slots");
        return Task.FromResult(silo);
    }
}
