namespace RobustGrid.Grid.Contracts;

/// <summary>Names of the leaderboards that have entries (key 0), so clients can list them.</summary>
public interface ILeaderboardIndexGrain : IGrainWithIntegerKey
{
    Task Add(string dataset, string suite);

    [AlwaysInterleave]
    Task<string[]> List();
}
