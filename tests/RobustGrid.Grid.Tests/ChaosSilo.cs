using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// One silo of the chaos drill in a process of its own: Redis clustering, state and reminders, the simulated trainer,
/// and failure detection tuned to a test (a silo killed without warning is declared dead within seconds instead of
/// the production defaults' half minute). The test side starts it, waits for <see cref="ReadyLine"/> and kills it.
/// </summary>
internal sealed class ChaosSilo : IDisposable
{
    public const string Command = "chaos-silo";
    public const string ReadyLine = "chaos silo ready";

    /// <summary>One simulated epoch: long enough for kills to land while trials train, short for a quick run.</summary>
    private const int EpochMilliseconds = 250;

    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ChaosSilo(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The child process. Arguments: Redis, cluster id, checkpoints, home, silo port, gateway port.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        var executor = new SimulatedExecutor(EpochMilliseconds);
        builder.Services.AddSingleton<ITrialExecutor>(executor);
        builder.Services.AddSingleton<ICheckpointEvaluator>(executor);
        var host = new GridHostOptions
        {
            Mode = GridClusterMode.Redis,
            Redis = args[0],
            ClusterId = args[1],
            CheckpointRoot = args[2],
            Home = args[3],
            SiloPort = int.Parse(args[4], CultureInfo.InvariantCulture),
            GatewayPort = int.Parse(args[5], CultureInfo.InvariantCulture),
        };
        builder.UseOrleans(silo =>
        {
            silo.AddRobustGrid(host, new GridSiloOptions
            {
                TrainerSlots = 2,
                SweepTick = TimeSpan.FromMilliseconds(200),
                TrialWatchdog = TimeSpan.FromSeconds(1),
                SweepPoke = TimeSpan.FromSeconds(1),
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        });
        using var app = builder.Build();
        await app.StartAsync();
        Console.WriteLine(ReadyLine);
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Starts a silo process and waits until it has joined the cluster.</summary>
    public static async Task<ChaosSilo> StartAsync(string redis, string clusterId, string checkpoints, string home,
        int siloPort, int gatewayPort, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[typeof(ChaosSilo).Assembly.Location, Command, redis, clusterId, checkpoints, home,
            siloPort.ToString(CultureInfo.InvariantCulture), gatewayPort.ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a chaos silo");
        var silo = new ChaosSilo(process);
        try
        {
            await silo.WaitForReady(timeout);
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>The dotnet host running these tests, which runs the test assembly as a program.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public string Output
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    private async Task WaitForReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_lines)
            {
                if (_lines.Contains(ReadyLine)) return;
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"the chaos silo exited ({_process.ExitCode}) first:\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the chaos silo was not ready in {timeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster, trainings cut mid-epoch.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
