namespace RobustGrid.Grid.Contracts;

/// <summary>The cluster's list of sweeps (key 0). Validates specs before anything starts.</summary>
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    Task<LaunchResult> Launch(string specYaml, string? sourceName, bool forceNew = false);

    [AlwaysInterleave]
    Task<SweepSummary[]> List();

    Task OnSweepChanged(SweepSummary summary);

    /// <summary>Pokes every unfinished sweep; every silo calls this on start and then periodically.</summary>
    Task<int> PokeUnfinished();
}
