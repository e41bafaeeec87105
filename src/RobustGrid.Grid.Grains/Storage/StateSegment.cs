namespace RobustGrid.Grid.Grains.Storage;

/// <summary>One stored segment of a <see cref="SegmentedList{T}"/>.</summary>
[GenerateSerializer]
public sealed class StateSegment<T>
{
    [Id(0)] public List<T> Items { get; set; } = [];
}
