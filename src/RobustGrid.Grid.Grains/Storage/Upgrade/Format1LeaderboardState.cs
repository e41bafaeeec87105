namespace RobustGrid.Grid.Grains.Storage.Upgrade;

/// <summary>
/// State format 1 of a leaderboard's own record: before segments (<see cref="Grains.LeaderboardGrain"/>) a board kept
/// every entry in <see cref="Entries"/>; builds with segments left it empty and counted segments in id 1, as
/// <see cref="Grains.LeaderboardGrainState"/> does. <typeparamref name="TEntry"/>: <see cref="LeaderboardEntry"/>, or
/// <see cref="Format1LeaderboardEntry"/> for entries written before the compact codec. Read only, by
/// <see cref="FileStateUpgrade"/>.
/// </summary>
[GenerateSerializer]
public sealed class Format1LeaderboardState<TEntry>
{
    [Id(0)] public Dictionary<string, TEntry> Entries { get; set; } = [];

    [Id(1)] public int Segments { get; set; }
}
