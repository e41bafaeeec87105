using RobustGrid.Data;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using StackExchange.Redis;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// How a process joins the grid (section "RobustGrid:Cluster", or ROBUSTGRID__CLUSTER__* variables).
/// Defaults give the embedded single-silo grid under ROBUSTGRID_HOME.
/// </summary>
public sealed class GridHostOptions
{
    public const string Section = "RobustGrid:Cluster";

    public GridClusterMode Mode { get; set; } = GridClusterMode.Embedded;

    /// <summary>StackExchange.Redis configuration string, e.g. "127.0.0.1:6379". Required in Redis mode.</summary>
    public string? Redis { get; set; }

    /// <summary>Redis's password (its requirepass), apart from the address so that it can come from a secret.</summary>
    public string? RedisPassword { get; set; }

    public string ClusterId { get; set; } = "robustgrid";

    public string ServiceId { get; set; } = "robustgrid";

    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Redis mode: the IP address other silos and clients reach this silo at (e.g. a Kubernetes pod IP). Default: the
    /// address the host name resolves to.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Redis mode: the silo and gateway ports listen on every interface instead of the advertised address alone (behind
    /// a NAT that forwards to another address). They are not authenticated: keep them on a network only the grid uses.
    /// </summary>
    public bool ListenOnAllInterfaces { get; set; }

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost mode: the silo port of the first silo, which the others join. Default 11111.</summary>
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Data folder: grain state (file mode), checkpoints and caches. Default ROBUSTGRID_HOME.</summary>
    public string Home { get; set; } = RobustGridPaths.Home;

    /// <summary>Checkpoint store root; every silo must see the same folder. Default {Home}/checkpoints.</summary>
    public string? CheckpointRoot { get; set; }

    /// <summary>
    /// Absolute folders a sweep's path-valued parameters (advbn.checkpoint, ipmix.mixing_set, …) may name besides the
    /// checkpoint store; a path anywhere else is refused when the spec is validated.
    /// </summary>
    public string[] ImportFolders { get; set; } = [];

    /// <summary>
    /// Absolute folders a spec's <c>dataset: folder:PATH</c> may name; other datasets must be built in or registered
    /// (<c>robustgrid datasets add</c>) on the silos.
    /// </summary>
    public string[] DataRoots { get; set; } = [];

    /// <summary>fsync every state write (file mode). Off only for benchmarks.</summary>
    public bool FsyncState { get; set; } = true;

    public string StateRoot => Path.Combine(Home, "state");

    public string EffectiveCheckpointRoot => CheckpointRoot ?? Path.Combine(Home, "checkpoints");

    /// <summary>The folders sweep inputs may come from: the checkpoint store and the import folders.</summary>
    public IEnumerable<string> InputFolders => [Path.GetFullPath(EffectiveCheckpointRoot), .. ImportFolders];

    /// <summary>What a spec may give this grid: its limits, input folders, data roots and the datasets registered
    /// under ROBUSTGRID_HOME.</summary>
    public SpecRules SpecRules(SweepLimits limits) => new(limits, new InputSandbox(InputFolders))
    {
        Datasets = new DatasetSandbox(new InputSandbox(DataRoots), DatasetRegistry.Default().Contains),
    };

    /// <summary>The Redis connection: <see cref="Redis"/>, with <see cref="RedisPassword"/> when one is set.</summary>
    public ConfigurationOptions RedisConfiguration()
    {
        var redis = Redis
            ?? throw new InvalidOperationException("Redis mode needs RobustGrid:Cluster:Redis (e.g. 127.0.0.1:6379)");
        var options = ConfigurationOptions.Parse(redis);
        if (!string.IsNullOrEmpty(RedisPassword)) options.Password = RedisPassword;
        return options;
    }
}
