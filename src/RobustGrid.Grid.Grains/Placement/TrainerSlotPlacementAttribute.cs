using Orleans.Placement;

namespace RobustGrid.Grid.Grains.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TrainerSlotPlacementAttribute() : PlacementAttribute(new TrainerSlotPlacement());
