using System.Globalization;
using System.Text.RegularExpressions;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// What 'robustgrid sweep run' and 'robustgrid leaderboard' tell a user about a sweep whose trials all fail, on a
/// home whose board already has entries of another sweep (a stored fixture): the run ends "completed with 2 failed"
/// (exit code 1), its closing board says why it has no rows, the trial table names method and model, and the
/// leaderboard ranks by the sweep's metric unless told otherwise.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class SweepOutcomeCliTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(120);

    /// <summary>Every trial fails as it starts: its minimum learning rate is above its learning rate.</summary>
    private const string Spec = """
        name: failing-trials
        dataset: fashion-mnist
        method: grid
        metric: {name: clean/accuracy, goal: maximize}
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          learning_rate: {values: [0.01, 0.02]}
          min_learning_rate: {value: 0.5}
          epochs: {value: 1}
        seeds: [0]
        parallel_trials: 2
        max_failures: 1
        """;

    [GeneratedRegex(@"sweep (\S+) started")]
    private static partial Regex Started();

    [Fact]
    public async Task ASweepWhoseTrialsFailSaysSoAndTheBoardRanksByItsMetric()
    {
        var home = StoredFixture.EmbeddedHomeWith("leaderboard-rgs2-state").Home;
        var spec = Path.Combine(TestData.NewScratchFolder(), "failing-trials.yaml");
        await File.WriteAllTextAsync(spec, Spec);

        var (exit, output) = await Cli(home, "300", "sweep", "run", spec);
        Assert.True(exit == 1, output);
        var sweepId = Started().Match(output).Groups[1].Value;
        Assert.Contains($"sweep {sweepId}: completed with 2 failed, 2 trials (grid), failed 2", output);
        // The trial table: one row per trial with its method and model, and why it failed below it.
        Assert.Matches(new Regex(@"^ 00000 +erm +small-cnn +failed ", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^ 00001 +erm +small-cnn +failed ", RegexOptions.Multiline), output);
        Assert.Contains("00000: ArgumentException: training: min_learning_rate = 0.5 is above learning_rate (0.01)",
            output);
        // The closing board has entries of another sweep only, and says that rather than contradicting itself.
        Assert.Contains($"none of the board's 40 entries is of sweep {sweepId} and has metric 'clean/accuracy'",
            output);
        Assert.DoesNotContain("no entry has metric", output);
        // Where the time went: the trials failed as they started, so none of it was training or evaluation.
        Assert.Matches(new Regex(@"^time: compute 0 %, evaluation 0 %, overhead 100 % of ", RegexOptions.Multiline),
            output);
        // Failures are one line each at the default verbosity: no stack trace.
        Assert.DoesNotContain("   at ", output);

        (exit, output) = await Cli(home, "300", "leaderboard", "--dataset", "fashion-mnist");
        Assert.True(exit == 0, output);
        Assert.Contains($"ranked by clean/accuracy, the metric of sweep {sweepId} (--metric ranks by another)", output);
        Assert.Contains("leaderboard fashion-mnist / clean by clean/accuracy (higher is better), 40 entries", output);

        // At 80 columns the sweep list keeps each sweep id on one line.
        (exit, output) = await Cli(home, null, "sweep", "list");
        Assert.True(exit == 0, output);
        var lines = output.Split('\n');
        Assert.Contains(lines, line => line.Contains(sweepId, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"a line of {line.Length} characters:\n{output}"));
    }

    /// <summary>robustgrid on the home, with ports of its own and COLUMNS (null: Spectre's 80 columns).</summary>
    private static async Task<(int ExitCode, string Output)> Cli(string home, string? columns, params string[] args)
    {
        using var ports = LoopbackPorts.Reserve(2);
        var environment = new Dictionary<string, string>
        {
            ["ROBUSTGRID_HOME"] = home,
            ["ROBUSTGRID__CLUSTER__SILOPORT"] = ports.Ports[0].ToString(CultureInfo.InvariantCulture),
            ["ROBUSTGRID__CLUSTER__GATEWAYPORT"] = ports.Ports[1].ToString(CultureInfo.InvariantCulture),
        };
        if (columns is not null) environment["COLUMNS"] = columns;
        return columns is null
            ? await CliProcess.RunAsync(environment, ["COLUMNS"], Step, args)
            : await CliProcess.RunAsync(environment, Step, args);
    }
}
