namespace RobustGrid.Grid.Grains.Grains;

[GenerateSerializer]
public sealed class RungRecord
{
    [Id(0)] public int Index { get; set; }
    [Id(1)] public int Rung { get; set; }
    [Id(2)] public double Value { get; set; }
}
