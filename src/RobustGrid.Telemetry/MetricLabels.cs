namespace RobustGrid.Telemetry;

/// <summary>
/// The label values a RobustGrid series carries. All are bounded: sweep names (not trial ids), methods, models,
/// datasets, states, trainer slots and corruptions. Trial identifiers never become labels; they live in the
/// leaderboard and grain state, where they do not multiply series.
/// </summary>
public sealed record TrialLabels(string Sweep, string Method, string Model, string Dataset);
