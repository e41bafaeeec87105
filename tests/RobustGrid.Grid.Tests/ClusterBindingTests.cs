using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// How a Redis-mode silo is wired, as built: its unauthenticated silo and gateway ports listen on the advertised
/// address, and its Redis connections carry the password given apart from the address.
/// </summary>
public sealed class ClusterBindingTests
{
    [Fact]
    public void RedisModeListensOnTheAdvertisedAddressUnlessToldToListenEverywhere()
    {
        string[] redis =
        [
            "--RobustGrid:Cluster:Mode=Redis", "--RobustGrid:Cluster:Redis=127.0.0.1:1",
            "--RobustGrid:Cluster:AdvertisedAddress=127.0.0.1",
        ];
        using (var app = GridSiloHost.Build(redis, _ => { }))
        {
            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
            // No listening endpoint of their own: Orleans listens where it advertises.
            Assert.Null(endpoints.SiloListeningEndpoint);
            Assert.Null(endpoints.GatewayListeningEndpoint);
        }
        using var everywhere = GridSiloHost.Build(
            [.. redis, "--RobustGrid:Cluster:ListenOnAllInterfaces=true"], _ => { });
        var all = everywhere.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Any, all.SiloListeningEndpoint?.Address);
        Assert.Equal(IPAddress.Any, all.GatewayListeningEndpoint?.Address);
    }

    [Fact]
    public void TheRedisPasswordIsSentWithTheAddress()
    {
        var host = new GridHostOptions { Redis = "redis:6379", RedisPassword = "s3cret" };
        var configuration = host.RedisConfiguration();
        Assert.Equal("s3cret", configuration.Password);
        Assert.StartsWith("redis:6379,", configuration.ToString());
    }
}
