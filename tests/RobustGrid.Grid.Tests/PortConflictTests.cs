using System.Net;
using System.Net.Sockets;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The tests' silos bind ports reserved for them, and start again on new ones when another process bound one first
/// (<see cref="LoopbackPorts.Retry{T}"/>). That retry relies on recognising the failure.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PortConflictTests
{
    [Fact]
    public async Task ASiloThatCannotBindItsPortFailsWithARecognisedPortConflict()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var host = EmbeddedGrids.Host(TestData.NewScratchFolder());
        Exception? failure;
        using (var gateway = LoopbackPorts.Reserve(1))
        {
            (host.SiloPort, host.GatewayPort) = (((IPEndPoint)holder.LocalEndpoint).Port, gateway.Ports[0]);
            failure = await Record.ExceptionAsync(
                () => EmbeddedGrid.StartAsync(host, new GridSiloOptions { TrainerSlots = 0 }, _ => { }));
        }
        Assert.True(LoopbackPorts.IsAddressInUse(failure), $"not recognised as a port conflict: {failure}");

        // The same start through the retrying helper takes other ports and comes up.
        await using var grid = await EmbeddedGrids.StartAsync(host, new GridSiloOptions { TrainerSlots = 0 }, _ => { });
        Assert.NotEqual(((IPEndPoint)holder.LocalEndpoint).Port, host.SiloPort);
    }
}
