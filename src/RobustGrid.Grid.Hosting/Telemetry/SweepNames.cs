using System.Text.RegularExpressions;

namespace RobustGrid.Grid.Hosting.Telemetry;

/// <summary>
/// Sweep ids are "{name}-{yyyyMMdd-HHmmss}-{hex}": one per launch, so unbounded over time. Metrics carry the name the
/// user chose instead; re-running a sweep reuses its series.
/// </summary>
internal static partial class SweepNames
{
    public static string FromId(string sweepId)
    {
        var match = LaunchSuffix().Match(sweepId);
        return match.Success ? sweepId[..match.Index] : sweepId;
    }

    [GeneratedRegex(@"-\d{8}-\d{6}-[0-9a-f]{4}$")]
    private static partial Regex LaunchSuffix();
}
