using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using RobustGrid.Tests.Shared;
using Xunit.Abstractions;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The issue's embedded-restart test with a real process: 'robustgrid sweep run' trains a tiny real sweep, is killed
/// with SIGKILL after a trial completed, and the same command run again finishes the sweep with every trial exactly
/// once and the results completed before the kill kept as they were (not trained again).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ProcessKillRestartTests(ITestOutputHelper log)
{
    private const string Spec = """
        name: kill-restart
        dataset: fashion-mnist
        method: grid
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {values: [0.02, 0.05]}
          batch_size: {value: 64}
          epochs: {value: 2}
          train_limit: {value: 256}
          test_limit: {value: 128}
          threads: {value: 1}
        seeds: [0, 1]
        parallel_trials: 1
        max_failures: 1
        """;

    private const int TrialCount = 4;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(120);

    [GeneratedRegex(@"sweep (\S+) started")]
    private static partial Regex Started();

    [GeneratedRegex(@"\bcompleted (\d+)")]
    private static partial Regex CompletedCount();

    [Fact]
    public async Task KilledSweepRunResumesOnRerunWithEveryTrialOnceAndCompletedResultsKept()
    {
        using var run = await RunFolder.CreateAsync("kill-restart.yaml", Spec);
        var (home, spec) = (run.Home, run.Spec);
        var (first, started) = await CliProcess.StartAndWaitFor(home, l => Started().IsMatch(l), Step, "sweep", "run",
            spec);
        var sweepId = Started().Match(started).Groups[1].Value;
        using (first)
        {
            await first.WaitForLine(l => CompletedCount().Match(l) is { Success: true } m
                && int.Parse(m.Groups[1].Value) >= 1, Step);
            first.Kill();
            // Progress counts trials by their own state: the one being trained is "training", not "pending".
            var lines = first.Output.Split('\n');
            Assert.Contains(lines, line => line.Contains("] running: training 1", StringComparison.Ordinal));
        }

        // What the killed process left: at least one completed trial, and the sweep not finished.
        var before = await Status(home, sweepId);
        Assert.Equal("running", before.GetProperty("summary").GetProperty("state").GetString());
        var completedBefore = Trials(before).Where(t => t.GetProperty("state").GetString() == "completed")
            .ToDictionary(t => t.GetProperty("trialId").GetString()!, Snapshot);
        Assert.InRange(completedBefore.Count, 1, TrialCount - 1);

        var (exit, output) = await CliProcess.RunAsync(home, Step, "sweep", "run", spec);
        Assert.True(exit == 0, output);
        Assert.Contains($"resuming unfinished sweep {sweepId}", output, StringComparison.Ordinal);

        var after = await Status(home, sweepId);
        Assert.Equal("completed", after.GetProperty("summary").GetProperty("state").GetString());
        var trials = Trials(after).ToList();
        Assert.Equal(TrialCount, trials.Count);
        Assert.Equal(TrialCount, trials.Select(t => t.GetProperty("trialId").GetString()).Distinct().Count());
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("state").GetString()));
        foreach (var (id, kept) in completedBefore)
        {
            // Same metrics, same checkpoint, same file bytes and time, same attempt: the result survived the kill
            // and the trial was not trained again.
            var now = Snapshot(trials.Single(t => t.GetProperty("trialId").GetString() == id));
            Assert.Equal(kept, now);
        }

        // The leaderboard has each trial exactly once.
        var (boardExit, boardJson) = await CliProcess.RunAsync(home, Step,
            "leaderboard", "--dataset", "fashion-mnist", "--sweep", sweepId, "--per-seed", "--top", "100", "--json");
        Assert.True(boardExit == 0, boardJson);
        using var board = ParseJson(boardJson);
        var boardTrials = board.RootElement.GetProperty("rows").EnumerateArray()
            .SelectMany(r => r.GetProperty("trialIds").EnumerateArray().Select(t => t.GetString())).ToList();
        Assert.Equal(trials.Select(t => t.GetProperty("trialId").GetString()).Order(), boardTrials.Order());

        // A mistyped dataset finds an empty board, and the answer names the boards that have entries.
        var (typoExit, typo) = await CliProcess.RunAsync(home, Step, "leaderboard", "--dataset", "fashion-mnst");
        Assert.True(typoExit == 0, typo);
        Assert.Contains("leaderboards with entries (--dataset/--suite): fashion-mnist/clean", typo,
            StringComparison.Ordinal);
    }

    private const string LongTrialSpec = """
        name: terminate-restart
        dataset: fashion-mnist
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {value: 0.05}
          batch_size: {value: 64}
          epochs: {value: 3}
          train_limit: {value: 6000}
          test_limit: {value: 128}
          threads: {value: 1}
        seeds: [0]
        max_failures: 0
        """;

    /// <summary>
    /// SIGTERM (or Ctrl+C) mid-training is a graceful stop: the process exits within seconds with 130 ("interrupted"),
    /// the training is interrupted and recorded as pending (not cancelled, not a failure, even with max_failures 0),
    /// and the rerun resumes it from its last checkpoint.
    /// </summary>
    [Fact]
    public async Task TerminatedSweepRunExitsPromptlyAndResumesTheInterruptedTrialFromItsCheckpoint()
    {
        using var run = await RunFolder.CreateAsync("terminate-restart.yaml", LongTrialSpec);
        var (home, spec) = (run.Home, run.Spec);
        var (first, started) = await CliProcess.StartAndWaitFor(home, l => Started().IsMatch(l), Step, "sweep", "run",
            spec);
        var sweepId = Started().Match(started).Groups[1].Value;
        using (first)
        {
            var checkpoints = Path.Combine(home, "checkpoints");
            var deadline = DateTime.UtcNow + Step;
            while (!(Directory.Exists(checkpoints)
                && Directory.EnumerateFiles(checkpoints, "checkpoint.rgck", SearchOption.AllDirectories).Any()))
            {
                Assert.True(DateTime.UtcNow < deadline, "no epoch checkpoint in time:\n" + first.Output);
                await Task.Delay(50);
            }
            Assert.Equal(130, await first.Terminate(TimeSpan.FromSeconds(30)));
            Assert.Contains("interrupted", first.Output, StringComparison.Ordinal);
        }

        var trial = Trials(await Status(home, sweepId)).Single();
        Assert.Equal("pending", trial.GetProperty("state").GetString());
        Assert.Equal(0, trial.GetProperty("failures").GetInt32());
        var epochsBefore = trial.GetProperty("epochsCompleted").GetInt32();
        Assert.InRange(epochsBefore, 1, 2);

        var (exit, output) = await CliProcess.RunAsync(home, Step, "sweep", "run", spec);
        Assert.True(exit == 0, output);
        var done = Trials(await Status(home, sweepId)).Single();
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal((2, 0), (done.GetProperty("attempts").GetInt32(), done.GetProperty("failures").GetInt32()));
        Assert.Equal(epochsBefore, done.GetProperty("resumedFromEpoch").GetInt32());
    }

    private async Task<JsonElement> Status(string home, string sweepId)
    {
        var (exit, json) = await CliProcess.RunAsync(home, Step, "sweep", "status", sweepId, "--json");
        Assert.True(exit == 0, json);
        using var document = ParseJson(json);
        return document.RootElement.Clone();
    }

    /// <summary>The JSON document of a --json command: its lines from "{" to "}"; log lines around it are
    /// reported.</summary>
    private JsonDocument ParseJson(string output)
    {
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, l => l == "{");
        var end = Array.FindIndex(lines, Math.Max(0, start), l => l == "}");
        Assert.True(start >= 0 && end > start, output);
        foreach (var other in lines.Take(start).Concat(lines.Skip(end + 1)).Where(l => l.Length > 0))
            log.WriteLine(other);
        return JsonDocument.Parse(string.Join('\n', lines[start..(end + 1)]));
    }

    private static IEnumerable<JsonElement> Trials(JsonElement status) => status.GetProperty("trials").EnumerateArray();

    private static string Snapshot(JsonElement trial)
    {
        var checkpoint = trial.GetProperty("checkpointPath").GetString()!;
        var metrics = string.Join(";",
            trial.GetProperty("metrics").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value.GetRawText()}"));
        var bytes = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(checkpoint)));
        return $"{checkpoint}|{File.GetLastWriteTimeUtc(checkpoint):O}|{bytes}|attempts=" +
            $"{trial.GetProperty("attempts").GetInt32()}|{metrics}";
    }

    /// <summary>A scratch folder with the spec and an embedded home, deleted afterwards.</summary>
    private sealed record RunFolder(string Root, string Home, string Spec) : IDisposable
    {
        public static async Task<RunFolder> CreateAsync(string specName, string yaml)
        {
            var root = TestData.NewScratchFolder();
            var spec = Path.Combine(root, specName);
            await File.WriteAllTextAsync(spec, yaml);
            return new RunFolder(root, Path.Combine(root, "home"), spec);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
