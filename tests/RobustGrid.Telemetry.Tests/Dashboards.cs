using RobustGrid.Tests.Shared;

namespace RobustGrid.Telemetry.Tests;

/// <summary>The Grafana dashboards the deploy folder provisions.</summary>
internal static class Dashboards
{
    public static IEnumerable<string> Files =>
        Directory.GetFiles(Path.Combine(Repository.Root, "deploy", "grafana", "dashboards"), "*.json");
}
