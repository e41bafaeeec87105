namespace RobustGrid.Grid.Contracts;

[GenerateSerializer, Immutable]
public sealed record SchedulerStatus(SlotInfo[] Slots, int Waiting);
