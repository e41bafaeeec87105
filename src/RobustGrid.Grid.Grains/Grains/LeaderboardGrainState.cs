namespace RobustGrid.Grid.Grains.Grains;

[GenerateSerializer]
public sealed class LeaderboardGrainState
{
    [Id(0)] public Dictionary<string, LeaderboardEntry> Entries { get; set; } = [];
}
