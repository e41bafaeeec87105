using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A real silo with its real HTTP API (<see cref="GridSiloHost"/>, as robustgrid-silo builds it) in this process, on a
/// home folder of its own and a loopback HTTP port Kestrel chose. By default it never trains: it has no trainer slots
/// and does not drive sweeps, so what a test sees is the API, the registry and the spec check. Given executors (and
/// settings with slots that drive sweeps) it runs sweeps too.
/// </summary>
public sealed class ApiSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiSilo(WebApplication app, string home)
    {
        _app = app;
        Home = home;
        Url = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public string Home { get; }

    /// <summary>The silo's grains, for a test that puts entries on a board without training them.</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <param name="settings">Configuration on top of the test silo's own ("RobustGrid:Limits:MaxSeeds" = "3").</param>
    /// <param name="executors">Registers the silo's trainer and evaluator, as robustgrid-silo registers
    /// TorchSharp's.</param>
    public static async Task<ApiSilo> StartAsync(IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? executors = null)
    {
        var home = TestData.NewScratchFolder("api-silo-");
        var app = await LoopbackPorts.Retry(async () =>
        {
            using var reservation = LoopbackPorts.Reserve(2);
            var ports = reservation.Ports;
            var configuration = new Dictionary<string, string>
            {
                ["RobustGrid:Cluster:Home"] = home,
                ["RobustGrid:Cluster:FsyncState"] = "false",
                ["RobustGrid:Cluster:SiloPort"] = Text(ports[0]),
                ["RobustGrid:Cluster:PrimarySiloPort"] = Text(ports[0]),
                ["RobustGrid:Cluster:GatewayPort"] = Text(ports[1]),
                ["RobustGrid:Silo:TrainerSlots"] = "0",
                ["RobustGrid:Silo:DriveSweeps"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) configuration[key] = value;
            string[] args = [.. configuration.Select(kv => $"--{kv.Key}={kv.Value}")];
            var app = GridSiloHost.Build(args, executors ?? (_ => { }), "http://127.0.0.1:0");
            try
            {
                await app.StartAsync();
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        });
        return new ApiSilo(app, home);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
