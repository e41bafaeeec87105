using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// The default grid: one silo inside this process, localhost clustering, durable file state under ROBUSTGRID_HOME.
/// A lock file keeps two processes from running embedded silos on the same home at once.
/// </summary>
public sealed class EmbeddedGrid : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly FileStream _lock;

    private EmbeddedGrid(IHost host, FileStream fileLock)
    {
        _host = host;
        _lock = fileLock;
    }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => _host.Services;

    /// <param name="limits">What a sweep may ask for; default the defaults.</param>
    public static async Task<EmbeddedGrid> StartAsync(GridHostOptions host, GridSiloOptions silo, Action<IServiceCollection> addExecutors,
        LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default, SweepLimits? limits = null)
    {
        Directory.CreateDirectory(host.Home);
        var lockPath = Path.Combine(host.Home, "embedded.lock");
        FileStream fileLock;
        try
        {
            fileLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"another robustgrid process runs an embedded silo on {host.Home} ({lockPath} is locked); wait for it, or set ROBUSTGRID_HOME to another folder");
        }
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
            // Orleans start-up notes (GC mode, watchdog) are noise in a CLI; real problems are errors.
            builder.Logging.AddFilter("Orleans", LogLevel.Error);
            builder.Services.AddSingleton<IHostLifetime, OwnerStoppedLifetime>();
            addExecutors(builder.Services);
            builder.UseOrleans(s => s.AddRobustGrid(host, silo, limits));
            var app = builder.Build();
            await app.StartAsync(cancellationToken);
            return new EmbeddedGrid(app, fileLock);
        }
        catch
        {
            await fileLock.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
            await _lock.DisposeAsync();
        }
    }
}
