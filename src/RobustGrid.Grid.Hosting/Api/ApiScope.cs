namespace RobustGrid.Grid.Hosting.Api;

/// <summary>What a token may do with the HTTP API. An admin token may do everything a read token may.</summary>
public enum ApiScope
{
    /// <summary>Every GET: sweeps, trials, leaderboards, slots (and /metrics when it needs a token).</summary>
    Read,

    /// <summary>Also whatever changes the grid: launching, cancelling, pausing and resuming sweeps.</summary>
    Admin,
}
