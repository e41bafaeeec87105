using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;
using StackExchange.Redis;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A Redis-mode silo and client on a real redis-server that requires a password, which they are given apart from its
/// address; the silo's unauthenticated silo and gateway ports listen on its advertised address, not on every
/// interface.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisSecurityTests
{
    private const string Password = "redis-password-0123456789";

    [Fact]
    public async Task ASiloUsesTheRedisPasswordAndListensWhereItAdvertises()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.Address},allowAdmin=true");
        await admin.GetServer(redis.Address).ExecuteAsync("CONFIG", "SET", "requirepass", Password);
        try
        {
            var host = new GridHostOptions
            {
                Mode = GridClusterMode.Redis,
                Redis = redis.Address,
                RedisPassword = Password,
                ClusterId = "secured-" + redis.Address.Replace(':', '-'),
                AdvertisedAddress = IPAddress.Loopback.ToString(),
                CheckpointRoot = TestData.NewScratchFolder("checkpoints-"),
            };
            using var silo = await LoopbackPorts.Retry(async () =>
            {
                using var ports = LoopbackPorts.Reserve(2);
                (host.SiloPort, host.GatewayPort) = (ports.Ports[0], ports.Ports[1]);
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.UseOrleans(s => s.AddRobustGrid(host, new GridSiloOptions { TrainerSlots = 0 }));
                return await builder.Build().StartOrDisposeAsync();
            });

            Assert.Equal(IPAddress.Loopback, ListeningAddress(host.SiloPort));
            Assert.Equal(IPAddress.Loopback, ListeningAddress(host.GatewayPort));
            await using var client = await GridClient.ConnectAsync(host);
            Assert.Empty(await client.Client.GetGrain<ISweepRegistryGrain>(0).List());
            await silo.StopAsync();
        }
        finally
        {
            await admin.GetServer(redis.Address).ExecuteAsync("CONFIG", "SET", "requirepass", "");
        }
    }

    /// <summary>The local address of the IPv4 socket listening on <paramref name="port"/>, from the kernel.</summary>
    private static IPAddress ListeningAddress(int port)
    {
        const string Listen = "0A";
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = fields[1].Split(':');
            var localPort = int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (fields[3] != Listen || localPort != port) continue;
            // The address is written as a little-endian 32-bit number.
            var address = uint.Parse(local[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return new IPAddress(BitConverter.GetBytes(address));
        }
        throw new InvalidOperationException($"nothing listens on port {port}");
    }
}
