using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Hosting;
using RobustGrid.Tests.Shared;
using Xunit.Abstractions;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The chaos drill: a sweep on three silo processes and a Redis with AOF on loopback, while silos chosen at random
/// (with a fixed seed, so a failure can be replayed) are killed with SIGKILL and started again, and Redis is restarted
/// once. Every trial must complete exactly once, and the leaderboard hold exactly one entry per trial. The silos run
/// the simulated trainer, so the drill measures the grid's recovery, not training.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChaosDrillTests(ITestOutputHelper log)
{
    /// <summary>Chooses the silo of each kill.</summary>
    private const int Seed = 2;

    private const int Silos = 3;
    private const int Kills = 3;
    private const int TrialCount = 24;

    private const string Spec = """
        name: chaos-drill
        dataset: cifar10
        method: grid
        parameters:
          learning_rate: {values: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]}
          momentum: {values: [0.8, 0.9]}
          epochs: {value: 4}
        seeds: [0, 1]
        parallel_trials: 6
        max_failures: 10
        """;

    private static readonly TimeSpan SiloStart = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepDeadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ASweepSurvivesKilledSilosAndARedisRestartWithEveryTrialCompletedOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        var root = TestData.NewScratchFolder("chaos-");
        var clusterId = "chaos-" + Guid.NewGuid().ToString("N")[..8];
        var silos = new ChaosSilo?[Silos];
        var ports = new (int Silo, int Gateway)[Silos];
        async Task Start(int i)
        {
            for (var attempt = 1; ; attempt++)
            {
                // A restart keeps the silo's ports; new ones stay reserved until the silo has bound them.
                PortReservation? reservation = null;
                if (attempt > 1 || ports[i] == default)
                {
                    reservation = LoopbackPorts.Reserve(2);
                    ports[i] = (reservation.Ports[0], reservation.Ports[1]);
                }
                try
                {
                    using (reservation)
                    {
                        silos[i] = await ChaosSilo.StartAsync(redis.Address, clusterId,
                            Path.Combine(root, "checkpoints"),
                            Path.Combine(root, $"home-{i}"), ports[i].Silo, ports[i].Gateway, SiloStart);
                    }
                    return;
                }
                catch (InvalidOperationException e)
                    when (attempt < LoopbackPorts.Attempts && LoopbackPorts.ReportsAddressInUse(e.Message))
                {
                    // Lost a port to another process: start on new ones.
                }
            }
        }
        var passed = false;
        try
        {
            for (var i = 0; i < Silos; i++) await Start(i);
            using var client = await ConnectAsync(redis.Address, clusterId);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var launch = await grains.GetGrain<ISweepRegistryGrain>(0).Launch(Spec, "chaos-drill");
            Assert.True(launch.Ok, string.Join("\n", launch.Errors));
            var sweepId = launch.SweepId!;
            var clock = Stopwatch.StartNew();

            // Kills spread over the sweep (after 4, 10 and 15 trials completed), the Redis restart between the first
            // two.
            var random = new Random(Seed);
            var victims = new List<int>();
            var redisRestarts = 0;
            foreach (var (completed, what) in ((int, string)[])[(4, "kill"), (7, "redis"), (10, "kill"), (15, "kill")])
            {
                var done = await WaitForCompleted(grains, sweepId, completed);
                if (what == "redis")
                {
                    await redis.RestartAsync();
                    redisRestarts++;
                    log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: restarted Redis ({done} trials completed)");
                    continue;
                }
                var victim = random.Next(Silos);
                silos[victim]!.Kill();
                silos[victim]!.Dispose();
                victims.Add(victim);
                log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: SIGKILL silo {victim} ({done} trials completed)");
                await Start(victim);
            }
            Assert.Equal(Kills, victims.Count);

            var summary = await WaitForEnd(grains, sweepId);
            var duration = clock.Elapsed;
            var trials = await Retry(() => grains.GetGrain<ISweepGrain>(sweepId).GetTrials());
            var board = await Retry(() => grains.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", "clean"))
                .Query(new LeaderboardQuery(Top: 1000, SweepId: sweepId, GroupSeeds: false)));

            // Every trial of the spec once, completed; one leaderboard entry each, none twice, none of another trial.
            Assert.Equal(SweepState.Completed, summary.State);
            Assert.Equal(new Dictionary<TrialState, int> { [TrialState.Completed] = TrialCount }, summary.Counts);
            Assert.Equal(Enumerable.Range(0, TrialCount), trials.Select(t => t.Index).Order());
            Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
            var entries = board.Rows.SelectMany(r => r.TrialIds).ToList();
            Assert.Equal(trials.Select(t => t.TrialId).Order(StringComparer.Ordinal),
                entries.Order(StringComparer.Ordinal));
            Assert.Equal(TrialCount, board.Entries);

            var completedTrials = trials.Count(t => t.State == TrialState.Completed);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"chaos drill: seed {Seed}; {victims.Count} SIGKILLs (silos {string.Join(", ", victims)}), "
                + $"{victims.Count} silo restarts, {redisRestarts} Redis restart; {trials.Length} trials, "
                + $"{completedTrials} completed, {board.Entries} leaderboard entries; "
                + $"{trials.Sum(t => t.Attempts)} training attempts, "
                + $"{trials.Sum(t => t.Failures)} counted as failures; "
                + $"sweep {duration.TotalSeconds:F0} s"));
            passed = true;
        }
        finally
        {
            foreach (var silo in silos)
            {
                if (silo is null) continue;
                if (!passed) log.WriteLine(silo.Output);
                silo.Dispose();
            }
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A cluster client whose calls to a grain on a silo just killed fail after seconds, not 30.</summary>
    private static async Task<IHost> ConnectAsync(string redis, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c => c
            .UseRobustGrid(new GridHostOptions { Mode = GridClusterMode.Redis, Redis = redis, ClusterId = clusterId })
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The call's answer, asked again while silos are down or Redis restarts, up to a deadline.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + SweepDeadline;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<int> WaitForCompleted(IClusterClient grains, string sweepId, int completed)
    {
        var deadline = DateTime.UtcNow + SweepDeadline;
        while (true)
        {
            var summary = await Retry(() => grains.GetGrain<ISweepGrain>(sweepId).GetSummary());
            var done = summary.Counts.GetValueOrDefault(TrialState.Completed);
            if (done >= completed) return done;
            Assert.True(DateTime.UtcNow < deadline, $"only {done} of {completed} trials completed in {SweepDeadline}");
            await Task.Delay(100);
        }
    }

    private static async Task<SweepSummary> WaitForEnd(IClusterClient grains, string sweepId)
    {
        var deadline = DateTime.UtcNow + SweepDeadline;
        while (true)
        {
            var summary = await Retry(() => grains.GetGrain<ISweepGrain>(sweepId).GetSummary());
            var open = summary.Counts.Where(c => !c.Key.IsTerminal()).Sum(c => c.Value);
            if (summary.State.IsFinished() && open == 0) return summary;
            Assert.True(DateTime.UtcNow < deadline, $"no end in {SweepDeadline}: {Describe(summary)}");
            await Task.Delay(200);
        }
    }

    private static string Describe(SweepSummary s) =>
        $"{s.State.ToDisplay()}, {string.Join(", ", s.Counts.Select(c => $"{c.Key.ToDisplay()} {c.Value}"))}";
}
