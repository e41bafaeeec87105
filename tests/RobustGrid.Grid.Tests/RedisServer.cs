using System.Diagnostics;
using System.Globalization;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A real redis-server on a loopback port, started and stopped with scripts/start-redis.sh / stop-redis.sh. Redis has
/// to be told its port, which stays reserved until the script returns; the start script succeeds only when the Redis
/// answering there is the one it started, and the server is started again on another port when another process held
/// the port first.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly int _port;
    private readonly string _dir;

    private RedisServer(int port, string dir)
    {
        _port = port;
        _dir = dir;
    }

    public string Address => $"127.0.0.1:{_port}";

    public static async Task<RedisServer> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var port = LoopbackPorts.Reserve(1);
            var server = new RedisServer(port.Ports[0], TestData.NewScratchFolder("redis-"));
            var (code, output) = await server.Run("start-redis.sh");
            if (code == 0) return server;
            // Not stop-redis.sh: it could only end this folder's server, which did not start.
            server.StopOwnProcess();
            var logFile = Path.Combine(server._dir, "redis.log");
            var log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : "";
            var lostThePort = LoopbackPorts.ReportsAddressInUse(log);
            Directory.Delete(server._dir, recursive: true);
            if (!lostThePort || attempt == LoopbackPorts.Attempts)
                throw new InvalidOperationException(
                    $"start-redis.sh on port {server._port} failed ({code}): {output}\nredis.log:\n{log}");
        }
    }

    /// <summary>
    /// Stops the server (SIGTERM: Redis flushes its AOF) and starts it again on the same port and folder, which reloads
    /// the data from the AOF.
    /// </summary>
    public async Task RestartAsync()
    {
        var (stopCode, stopOutput) = await Run("stop-redis.sh");
        if (stopCode != 0) throw new InvalidOperationException($"stop-redis.sh failed ({stopCode}): {stopOutput}");
        var (code, output) = await Run("start-redis.sh");
        if (code != 0) throw new InvalidOperationException($"start-redis.sh after a stop failed ({code}): {output}");
    }

    /// <summary>The redis-server this server's folder records, if it started.</summary>
    private int? OwnProcessId
    {
        get
        {
            var pidFile = Path.Combine(_dir, "redis.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture,
                out var pid) ? pid : null;
        }
    }

    /// <summary>Ends this server's own redis-server, if one started, without asking whatever answers on the
    /// port.</summary>
    private void StopOwnProcess()
    {
        if (OwnProcessId is not { } pid) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5_000);
        }
        catch (ArgumentException)
        {
            // It exited already (it could not bind the port).
        }
    }

    private async Task<(int, string)> Run(string script, params string[] options)
    {
        var port = _port.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("bash", [Path.Combine(Repository.Scripts, script), .. options, port, _dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public async ValueTask DisposeAsync() => await Run("stop-redis.sh", "--delete");
}
