namespace RobustGrid.Grid.Grains.Grains;

/// <summary>The leaderboard's own small record: how many entry segments it has (entries live in segment records, see
/// SegmentedList).</summary>
[GenerateSerializer]
public sealed class LeaderboardGrainState
{
    // Id 0 held every entry before segments; FileStateUpgrade moves them into segments. Do not reuse it.
    [Id(1)] public int Segments { get; set; }
}
