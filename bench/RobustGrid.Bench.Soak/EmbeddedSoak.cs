using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Bench.Soak;

/// <summary>
/// The soak on the CLI's embedded grid: <c>robustgrid sweep run</c>, as a user runs it, with its progress lines
/// counting completed trials and /proc its resident memory.
/// </summary>
internal static partial class EmbeddedSoak
{
    public static async Task<SoakRun> RunAsync(string home, int trials, IReadOnlyList<string> methods,
        SoakSize size, Action<MemorySample> progress)
    {
        var cli = Repository.BuiltExecutable("src/RobustGrid.Cli", "robustgrid");
        var ports = FreePorts.Take(2);
        var environment = new Dictionary<string, string>
        {
            ["ROBUSTGRID_HOME"] = home,
            ["ROBUSTGRID__CLUSTER__SILOPORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
        };
        var basePath = Path.Combine(home, "soak-base.yaml");
        var soakPath = Path.Combine(home, "soak.yaml");
        await File.WriteAllTextAsync(basePath, SoakSpecs.Base(size));
        await File.WriteAllTextAsync(soakPath, SoakSpecs.Soak(trials, methods, size));

        if (SoakSpecs.NeedsClassifier(methods))
        {
            using var first = new Child(cli, ["sweep", "run", basePath], environment);
            if (await first.WaitAsync() != 0)
                throw new InvalidOperationException($"the base sweep failed:\n{first.Tail}");
        }

        var completed = 0;
        var failed = 0;
        var failures = new Queue<string>();
        using var soak = new Child(cli, ["sweep", "run", soakPath], environment, line =>
        {
            // Progress lines: "[hh:mm:ss] running: pending 1, training 1, completed 27, failed 1, not launched 11".
            if (Counted(line, "completed") is { } c) Volatile.Write(ref completed, c);
            if (Counted(line, "failed") is { } f) Volatile.Write(ref failed, f);
            else if (line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("error"))
                lock (failures)
                {
                    failures.Enqueue(line);
                    if (failures.Count > 20) failures.Dequeue();
                }
        });
        var clock = Stopwatch.StartNew();
        var samples = new List<MemorySample>();
        var exit = soak.WaitAsync();
        while (!exit.IsCompleted)
        {
            var sample = new MemorySample(clock.Elapsed.TotalSeconds, Volatile.Read(ref completed),
                ResidentMemory.Of(soak.Id), null, null);
            if (sample.ResidentBytes > 0)
            {
                samples.Add(sample);
                progress(sample);
            }
            await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(1)));
        }
        // A sweep that ended badly still measured the trials it ran: its samples are reported, and the run counts
        // as failed so that the benchmark exits non-zero.
        if (await exit is var code and not 0)
        {
            lock (failures)
                Console.Error.WriteLine($"the soak sweep exited {code} after {Volatile.Read(ref completed)} trials; " +
                    $"its last failure lines:\n{string.Join('\n', failures)}\nits last lines:\n{soak.Tail}");
            failed = Math.Max(1, failed);
        }
        return new SoakRun("embedded", trials, failed, clock.Elapsed.TotalSeconds, samples);
    }

    private static int? Counted(string line, string state) =>
        ProgressCount().Matches(line).FirstOrDefault(m => m.Groups[1].Value == state) is { } match
            ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"\b(completed|failed) (\d+)\b")]
    private static partial Regex ProgressCount();
}
