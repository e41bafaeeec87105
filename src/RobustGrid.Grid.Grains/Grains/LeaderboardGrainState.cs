namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// The leaderboard's own small record: how many entry segments it has (entries live in segment records, see
/// SegmentedList). Entries is the layout before segments; a board stored that way is moved into segments on activation.
/// </summary>
[GenerateSerializer]
public sealed class LeaderboardGrainState
{
    [Id(0)] public Dictionary<string, LeaderboardEntry> Entries { get; set; } = [];

    [Id(1)] public int Segments { get; set; }
}
