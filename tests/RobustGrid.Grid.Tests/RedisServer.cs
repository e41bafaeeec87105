using System.Diagnostics;
using System.Globalization;
using RobustGrid.Tests.Shared;
using StackExchange.Redis;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// A real redis-server on a loopback port, started and stopped with scripts/start-redis.sh / stop-redis.sh. Redis has to
/// be told its port, which stays reserved until Redis answers on it, and the script's PING is answered by whatever
/// Redis holds that port: the server counts as this one only when its process id is the one in its own folder's pid
/// file, and is started again on another port when another process bound the port first.
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
            if (code == 0 && await server.AnswersItself()) return server;
            // Not stop-redis.sh: on this port it would shut down the other process's Redis.
            server.StopOwnProcess();
            var log = Path.Combine(server._dir, "redis.log");
            var lostThePort = code == 0 || File.Exists(log) && LoopbackPorts.ReportsAddressInUse(await File.ReadAllTextAsync(log));
            Directory.Delete(server._dir, recursive: true);
            if (!lostThePort || attempt == LoopbackPorts.Attempts)
                throw new InvalidOperationException($"start-redis.sh on port {server._port} failed ({code}): {output}");
        }
    }

    /// <summary>The redis-server this server's folder records, if it started.</summary>
    private int? OwnProcessId
    {
        get
        {
            var pidFile = Path.Combine(_dir, "redis.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
    }

    /// <summary>Whether the Redis answering on the port is the process this server's folder records.</summary>
    private async Task<bool> AnswersItself()
    {
        if (OwnProcessId is not { } own) return false;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"{Address},allowAdmin=true");
            var info = await connection.GetServer(Address).InfoAsync("server");
            return info.SelectMany(group => group).Single(pair => pair.Key == "process_id").Value == own.ToString(CultureInfo.InvariantCulture);
        }
        catch (RedisException)
        {
            return false;
        }
    }

    /// <summary>Ends this server's own redis-server, if one started, without asking whatever answers on the port.</summary>
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

    private async Task<(int, string)> Run(string script)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(Repository.Scripts, script), _port.ToString(CultureInfo.InvariantCulture), _dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public async ValueTask DisposeAsync() => await Run("stop-redis.sh");
}
