using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RobustGrid.Grid.Hosting;

/// <summary>An external client connected to a running grid (cluster mode, or a localhost silo started with 'robustgrid
/// silo').</summary>
public sealed class GridClient : IAsyncDisposable
{
    private readonly IHost _host;

    private GridClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<GridClient> ConnectAsync(GridHostOptions options,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, OwnerStoppedLifetime>();
        builder.UseOrleansClient(c => c.UseRobustGrid(options));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e)
        {
            host.Dispose();
            var where = options.Mode == GridClusterMode.Redis ? $"Redis {options.Redis}"
                : $"localhost gateway port {options.GatewayPort}";
            throw new InvalidOperationException($"could not connect to the grid through {where}: {e.Message}", e);
        }
        return new GridClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
