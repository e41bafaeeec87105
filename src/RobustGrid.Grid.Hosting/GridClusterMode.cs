namespace RobustGrid.Grid.Hosting;

public enum GridClusterMode
{
    /// <summary>One silo inside the CLI process; localhost clustering; durable file state under
    /// ROBUSTGRID_HOME.</summary>
    Embedded,
    /// <summary>Silos on one machine with localhost clustering and file state (development).</summary>
    Localhost,
    /// <summary>Silos on several machines: Redis clustering, grain state and reminders; shared checkpoint
    /// folder.</summary>
    Redis,
}
