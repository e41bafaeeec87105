using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A read of a home that another process holds goes to that process's gateway, and only the grid whose data is in
/// that home is believed: two embedded grids with different homes on loopback, and the CLI pointed at the wrong one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GridIdentityTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    private const string Spec = """
        name: only-in-b
        dataset: cifar10
        parameters:
          learning_rate: {value: 0.1}
        """;

    [Fact]
    public async Task AReadOfAHeldHomeIsRefusedByAnotherGridAndAnsweredByItsOwn()
    {
        var silo = new GridSiloOptions { TrainerSlots = 0, DriveSweeps = false };
        var hostA = EmbeddedGrids.Host(TestData.NewScratchFolder("home-a-"));
        var hostB = EmbeddedGrids.Host(TestData.NewScratchFolder("home-b-"));
        await using var a = await EmbeddedGrids.StartAsync(hostA, silo, _ => { });
        await using var b = await EmbeddedGrids.StartAsync(hostB, silo, _ => { });
        // A sweep that only grid B has: a read of home A must never list it.
        var launch = await b.Client.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "only-in-b");
        Assert.True(launch.Ok, string.Join("\n", launch.Errors));

        // The reader's configuration names B's gateway port for home A, as a stale variable would.
        var gatewayB = hostB.GatewayPort.ToString(CultureInfo.InvariantCulture);
        using var readerPort = LoopbackPorts.Reserve(1);
        var reader = new Dictionary<string, string>
        {
            ["ROBUSTGRID_HOME"] = hostA.Home,
            ["ROBUSTGRID__CLUSTER__SILOPORT"] = readerPort.Ports[0].ToString(CultureInfo.InvariantCulture),
            ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = gatewayB,
            ["COLUMNS"] = "300",
        };

        // Sent to B's gateway on purpose: refused, naming where that grid keeps its data.
        var (exit, output) = await CliProcess.RunAsync(reader, Step, "sweep", "list", "--gateway-port", gatewayB);
        Assert.True(exit == 1, output);
        Assert.Contains($"error: refusing the grid at localhost gateway {gatewayB}: it keeps its data in {hostB.Home}",
            output);
        Assert.DoesNotContain(launch.SweepId!, output);

        // Without --gateway-port the read takes the port that A's grid wrote in its home, and says who answered.
        (exit, output) = await CliProcess.RunAsync(reader, Step, "sweep", "list");
        Assert.True(exit == 0, output);
        Assert.Contains($"answered by the running embedded grid in {hostA.Home} ", output);
        Assert.Contains($"(localhost gateway {hostA.GatewayPort})", output);
        Assert.Contains("no sweeps yet", output);
        Assert.DoesNotContain(launch.SweepId!, output);
    }
}
