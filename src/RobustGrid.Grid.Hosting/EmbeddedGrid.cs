using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Hosting;

/// <summary>
/// The default grid: one silo inside this process, localhost clustering, durable file state under ROBUSTGRID_HOME.
/// A lock file keeps two processes from running embedded silos on the same home at once; while it runs, the grid's
/// gateway port is in <see cref="GatewayFileName"/>, for the commands that read the home through it.
/// </summary>
public sealed class EmbeddedGrid : IAsyncDisposable
{
    /// <summary>How long disposing waits for a graceful stop, in which trainings report their interruption.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public const string GatewayFileName = "embedded.gateway";

    private readonly IHost _host;
    private readonly FileStream _lock;
    private readonly string _gatewayFile;

    private EmbeddedGrid(IHost host, FileStream fileLock, string gatewayFile)
    {
        _host = host;
        _lock = fileLock;
        _gatewayFile = gatewayFile;
    }

    /// <summary>
    /// The gateway port of the embedded grid that runs on <paramref name="home"/>, as it wrote it; null when none
    /// wrote one. A grid killed before it could remove the file leaves a stale port: check who answers there.
    /// </summary>
    public static int? GatewayPortOf(string home)
    {
        var path = Path.Combine(home, GatewayFileName);
        try
        {
            if (!File.Exists(path)) return null;
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => _host.Services;

    /// <param name="limits">What a sweep may ask for; default the defaults.</param>
    public static async Task<EmbeddedGrid> StartAsync(GridHostOptions host, GridSiloOptions silo,
        Action<IServiceCollection> addExecutors,
        LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default, SweepLimits? limits = null)
    {
        Directory.CreateDirectory(host.Home);
        var lockPath = Path.Combine(host.Home, "embedded.lock");
        FileStream fileLock;
        try
        {
            fileLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"another robustgrid process runs an embedded silo on {host.Home} ({lockPath} is locked); " +
                $"wait for it, or set ROBUSTGRID_HOME to another folder");
        }
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            // Stack traces only when debugging: at the default level a failure is one line (BriefConsoleFormatter).
            if (logLevel <= LogLevel.Debug) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            else builder.Logging.AddConsole(o => o.FormatterName = BriefConsoleFormatter.FormatterName)
                .AddConsoleFormatter<BriefConsoleFormatter, ConsoleFormatterOptions>();
            builder.Logging.SetMinimumLevel(logLevel);
            // Orleans start-up notes (GC mode, watchdog) and the retries of its placement (Polly) are noise in a CLI;
            // real problems are errors.
            builder.Logging.AddFilter("Orleans", LogLevel.Error);
            if (logLevel > LogLevel.Debug) builder.Logging.AddFilter("Polly", LogLevel.Error);
            builder.Services.AddSingleton<IHostLifetime, OwnerStoppedLifetime>();
            addExecutors(builder.Services);
            builder.UseOrleans(s => s.AddRobustGrid(host, silo, limits));
            var app = builder.Build();
            await app.StartAsync(cancellationToken);
            var gatewayFile = Path.Combine(host.Home, GatewayFileName);
            await File.WriteAllTextAsync(gatewayFile, host.GatewayPort.ToString(CultureInfo.InvariantCulture),
                cancellationToken);
            return new EmbeddedGrid(app, fileLock, gatewayFile);
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
            using var timeout = new CancellationTokenSource(StopTimeout, GridClock.Of(_host.Services));
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
            // The home may be gone already (removed by its owner while the grid stopped); nothing is left to tell then.
            if (Directory.Exists(Path.GetDirectoryName(_gatewayFile))) File.Delete(_gatewayFile);
            await _lock.DisposeAsync();
        }
    }
}
