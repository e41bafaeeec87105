namespace RobustGrid.Grid.Grains.Placement;

/// <summary>Places a trainer grain on the silo named in its key, and only if that silo advertises the slot.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class TrainerSlotPlacement : PlacementStrategy;
