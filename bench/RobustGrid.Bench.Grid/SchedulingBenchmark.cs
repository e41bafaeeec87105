using System.Diagnostics;
using System.Globalization;
using System.Text;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Bench.Grid;

/// <summary>A 10,000-trial grid sweep of zero-cost trials: trials per second and scheduling overhead per
/// trial.</summary>
internal static class SchedulingBenchmark
{
    public static string Spec(int trials, int parallel, string name = "bench-zero-cost")
    {
        // 5 methods x (trials / 100) learning rates x 20 seeds.
        var rates = Math.Max(1, trials / 100);
        var yaml = new StringBuilder();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"name: {name}");
        yaml.AppendLine("dataset: cifar10");
        yaml.AppendLine("method: grid");
        yaml.AppendLine("parameters:");
        yaml.AppendLine("  method: {values: [erm, augmix, ipmix, advbn, adv-mixup]}");
        // advbn fine-tunes a trained model and the spec check wants it named; zero-cost trials read nothing.
        yaml.AppendLine("  advbn.checkpoint: {value: \"trial:bench-pretrained-20260101-000000-0000/00000\"}");
        yaml.Append("  learning_rate: {values: [");
        yaml.AppendJoin(", ",
            Enumerable.Range(1, rates).Select(i => (i / 1000.0).ToString(CultureInfo.InvariantCulture)));
        yaml.AppendLine("]}");
        yaml.AppendLine("  epochs: {value: 1}");
        yaml.AppendLine("seeds: 20");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"parallel_trials: {parallel}");
        return yaml.ToString();
    }

    /// <summary>
    /// A pbt sweep of about <paramref name="trials"/> zero-cost trials: a population of up to 200 members perturbed
    /// after every epoch, so every interval ends in an exploit/explore step (ranking, checkpoint copies through the
    /// store, perturbed values) and the next interval waits for the whole population.
    /// </summary>
    public static string PbtSpec(int trials, int parallel)
    {
        var population = Math.Clamp(trials / 10, 2, 200);
        var epochs = Math.Max(2, trials / population);
        return string.Create(CultureInfo.InvariantCulture, $"""
            name: bench-zero-cost-pbt
            dataset: cifar10
            method: pbt
            parameters:
              method: {"{"}value: erm{"}"}
              learning_rate: {"{"}distribution: log_uniform_values, min: 0.001, max: 1{"}"}
              epochs: {"{"}value: {epochs}{"}"}
            pbt: {"{"}population: {population}, perturbation_interval: 1{"}"}
            parallel_trials: {parallel}
            """);
    }

    /// <summary>
    /// <paramref name="trials"/> random configurations of 9 epochs under Hyperband (rungs at epochs 1 and 3, three
    /// brackets): every trial reports its epochs, and each rung report is a decision of the sweep's scheduler.
    /// </summary>
    public static string HyperbandSpec(int trials, int parallel) => string.Create(CultureInfo.InvariantCulture, $$"""
        name: bench-hyperband
        dataset: cifar10
        method: random
        run_cap: {{trials}}
        parameters:
          method: {value: erm}
          learning_rate: {distribution: log_uniform_values, min: 0.001, max: 0.5}
          epochs: {value: 9}
        parallel_trials: {{parallel}}
        early_terminate: {type: hyperband, min_iter: 1, eta: 3}
        """);

    /// <summary>One sweep on a fresh cluster, as a table row. <paramref name="warmth"/> says whether this process
    /// ran a sweep before ("warm": tiered JIT has optimised the scheduling code, as in a silo that has run for a
    /// while) or not ("cold": the first sweep pays for the compilation, as a fresh <c>sweep run</c> does).</summary>
    /// <param name="makeSpec">The sweep for (trials, parallel trials): <see cref="Spec"/> unless given.</param>
    public static async Task<string> RunAsync(int silos, int slotsPerSilo, int trials, BenchStorageChoice storage,
        string warmth, Func<int, int, string>? makeSpec = null)
    {
        await using var cluster = await BenchCluster.StartAsync(silos, slotsPerSilo, storage);
        var client = cluster.Client;
        var slots = silos * slotsPerSilo;
        var spec = makeSpec is null ? Spec(trials, slots) : makeSpec(trials, slots);
        var loadBefore = LoadAverage.Read();
        using var sampler = Environment.GetEnvironmentVariable("ROBUSTGRID_BENCH_ALLOCATIONS") == "1"
            ? new AllocationSampler() : null;
        sampler?.Start();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var summary = await RunSweepAsync(client, spec);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        // CPU of the whole process (silos, client, polling) while the sweep ran: the cost per trial that a busy machine
        // cannot hide, unlike wall time.
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        // A trial Hyperband stopped was scheduled as much as one that completed.
        var completed = summary.Counts.GetValueOrDefault(TrialState.Completed)
            + summary.Counts.GetValueOrDefault(TrialState.StoppedEarly);
        if (sampler is not null)
            Console.Error.WriteLine(
                $"allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)completed / 1024:F1} KB per " +
                $"trial; sampled by type:"
                + Environment.NewLine + sampler.Report(25));
        var entries = await client.GetGrain<ILeaderboardGrain>(LeaderboardKeys.For("cifar10", "clean")).Count();
        var perSecond = completed / seconds;
        // Ray Tune's figure of merit: wall time x concurrent slots / trials = overhead per trial slot (trials cost 0 s
        // here).
        var overheadPerSlot = seconds * slots / completed;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {storage.Name} | {warmth} | {silos} | {slots} | {completed:N0} | {entries:N0} | {seconds:F2} " +
            $"| {perSecond:N0} | {1000 * seconds / completed:F3} | {overheadPerSlot * 1000:F1} | {cpuSeconds:F2} " +
            $"| {1000 * cpuSeconds / completed:F3} | {loadBefore} → {LoadAverage.Read()} |");
    }

    private static async Task<SweepSummary> RunSweepAsync(IClusterClient client, string spec)
    {
        var launch = await client.GetGrain<ISweepRegistryGrain>(0).Launch(spec, "bench");
        if (!launch.Ok) throw new InvalidOperationException(string.Join("\n", launch.Errors));
        var sweep = client.GetGrain<ISweepGrain>(launch.SweepId!);
        SweepSummary summary;
        do
        {
            await Task.Delay(20);
            summary = await sweep.GetSummary();
        }
        while (!summary.State.IsFinished());
        if (summary.State != SweepState.Completed)
            throw new InvalidOperationException($"sweep ended {summary.State}: {summary.Message}");
        return summary;
    }
}
