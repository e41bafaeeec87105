using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Grains;

/// <summary>
/// A stateless worker, so it runs on the silo that receives the call: a client learns which grid its gateway belongs
/// to, not some other silo's view.
/// </summary>
[StatelessWorker]
public sealed class GridIdentityGrain(GridHome home, IOptions<ClusterOptions> cluster, ILocalSiloDetails silo)
    : Grain, IGridIdentityGrain
{
    public Task<GridIdentity> Get() => Task.FromResult(new GridIdentity(cluster.Value.ClusterId,
        cluster.Value.ServiceId, home.Folder, home.Id, home.Store, silo.SiloAddress.ToParsableString()));
}
