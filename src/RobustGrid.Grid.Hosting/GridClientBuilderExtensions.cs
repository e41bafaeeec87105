using Orleans.Configuration;
using Microsoft.Extensions.Hosting;

namespace RobustGrid.Grid.Hosting;

public static class GridClientBuilderExtensions
{
    /// <summary>An external client of a running grid (localhost gateway or Redis cluster).</summary>
    public static IClientBuilder UseRobustGrid(this IClientBuilder client, GridHostOptions host)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = host.ClusterId;
            o.ServiceId = host.ServiceId;
        });
        if (host.Mode == GridClusterMode.Redis)
        {
            if (host.Redis is null)
                throw new InvalidOperationException(
                    "Redis mode needs a Redis address (--redis or RobustGrid:Cluster:Redis)");
            client.UseRedisClustering(o => o.ConfigurationOptions = host.RedisConfiguration());
        }
        else
        {
            client.UseLocalhostClustering(host.GatewayPort, host.ServiceId, host.ClusterId);
        }
        return client;
    }
}
