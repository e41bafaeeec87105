using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RobustGrid.Grid.Tests;

/// <summary>A real redis-server on a free loopback port, started and stopped with scripts/start-redis.sh / stop-redis.sh.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _script;
    private readonly int _port;
    private readonly string _dir;

    private RedisServer(string scripts, int port, string dir)
    {
        _script = scripts;
        _port = port;
        _dir = dir;
    }

    public string Address => $"127.0.0.1:{_port}";

    public static async Task<RedisServer> StartAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "scripts", "start-redis.sh"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("scripts/start-redis.sh not found above the test folder");
        var scripts = Path.Combine(root, "scripts");
        var port = FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "robustgrid-tests", $"redis-{port}");
        var server = new RedisServer(scripts, port, dir);
        var (code, output) = await server.Run("start-redis.sh");
        if (code != 0) throw new InvalidOperationException($"start-redis.sh failed ({code}): {output}");
        return server;
    }

    private async Task<(int, string)> Run(string script)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(_script, script), _port.ToString(System.Globalization.CultureInfo.InvariantCulture), _dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await Run("stop-redis.sh");
}
