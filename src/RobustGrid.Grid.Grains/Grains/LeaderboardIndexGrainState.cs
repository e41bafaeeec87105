namespace RobustGrid.Grid.Grains.Grains;

[GenerateSerializer]
public sealed class LeaderboardIndexGrainState
{
    [Id(0)] public List<string> Keys { get; set; } = [];
}
