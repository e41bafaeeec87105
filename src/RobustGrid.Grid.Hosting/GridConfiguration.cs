using Microsoft.Extensions.Configuration;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// Reads RobustGrid:Cluster, RobustGrid:Silo and RobustGrid:Limits from appsettings.json and ROBUSTGRID__* environment
/// variables.
/// </summary>
public static class GridConfiguration
{
    public static (GridHostOptions Host, GridSiloOptions Silo, SweepLimits Limits) Read(IConfiguration configuration)
    {
        var host = new GridHostOptions();
        configuration.GetSection(GridHostOptions.Section).Bind(host);
        var silo = new GridSiloOptions();
        configuration.GetSection(GridSiloOptions.Section).Bind(silo);
        var limits = new SweepLimits();
        configuration.GetSection(SweepLimits.Section).Bind(limits);
        limits.Validate();
        if (host.ImportFolders.FirstOrDefault(f => !Path.IsPathFullyQualified(f)) is { } relative)
            throw new InvalidOperationException($"RobustGrid:Cluster:ImportFolders: '{relative}' is not absolute");
        if (host.DataRoots.FirstOrDefault(f => !Path.IsPathFullyQualified(f)) is { } relativeRoot)
            throw new InvalidOperationException($"RobustGrid:Cluster:DataRoots: '{relativeRoot}' is not absolute");
        if (host.Mode == GridClusterMode.Redis && string.IsNullOrWhiteSpace(host.Redis))
            throw new InvalidOperationException("RobustGrid:Cluster:Mode is Redis but RobustGrid:Cluster:Redis is " +
                "empty (set ROBUSTGRID__CLUSTER__REDIS=host:port)");
        if (!string.IsNullOrWhiteSpace(host.AdvertisedAddress)
            && !System.Net.IPAddress.TryParse(host.AdvertisedAddress, out _))
            throw new InvalidOperationException(
                $"RobustGrid:Cluster:AdvertisedAddress '{host.AdvertisedAddress}' is not an IP address");
        if (silo.TrainerSlots < 0) throw new InvalidOperationException("RobustGrid:Silo:TrainerSlots must be >= 0");
        if (silo.TrainerDevice is not ("cpu" or "cuda"))
            throw new InvalidOperationException("RobustGrid:Silo:TrainerDevice must be cpu or cuda");
        return (host, silo, limits);
    }
}
