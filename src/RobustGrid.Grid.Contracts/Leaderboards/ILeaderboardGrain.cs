namespace RobustGrid.Grid.Contracts;

/// <summary>One leaderboard per (dataset, suite). Key "{dataset}/{suite}".</summary>
public interface ILeaderboardGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces the entry of this trial.</summary>
    Task Record(LeaderboardEntry entry);

    [AlwaysInterleave]
    Task<LeaderboardPage> Query(LeaderboardQuery query);

    [AlwaysInterleave]
    Task<int> Count();

    /// <summary>The board's Pareto front over several metrics, seeds grouped.</summary>
    [AlwaysInterleave]
    Task<ParetoPage> QueryPareto(ParetoQuery query);
}
