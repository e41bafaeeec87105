namespace RobustGrid.Grid.Tests;

/// <summary>
/// A mistake on the command line is one line that names the bad field or value and exit code 1: no stack trace, no
/// code-side parameter name, and nothing printed first that looks as if a training had started.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CliUserErrorTests
{
    [Theory]
    [InlineData("error: dataset: unknown 'fashion-mnistt'; known: fashion-mnist, cifar10", "--dataset",
        "fashion-mnistt")]
    [InlineData("error: training: epochs = '0' is out of range; accepted: [1, 10000]", "--dataset", "fashion-mnist",
        "--epochs", "0")]
    [InlineData("error: training: learning_rate = '-0.1' is out of range; accepted: (0, inf)", "--dataset",
        "fashion-mnist", "--lr", "-0.1")]
    [InlineData("error: training: min_learning_rate = 0.2 is above learning_rate (0.1); accepted: [0, learning_rate]",
        "--lr", "0.1", "--min-lr", "0.2")]
    public async Task ABadTrainingOptionIsOneClearLine(string expected, params string[] options)
    {
        var home = Path.Combine(Path.GetTempPath(), $"robustgrid-cli-errors-{Guid.NewGuid():N}");
        var (exitCode, output) = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["ROBUSTGRID_HOME"] = home, ["COLUMNS"] = "300" },
            TimeSpan.FromSeconds(60),
            ["train", "--model", "small-cnn", "--out", Path.Combine(home, "run"), .. options]);
        Assert.Equal(1, exitCode);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("(Parameter '", output);
        Assert.DoesNotContain("recipe:", output);
        Assert.DoesNotContain("   at ", output);
        Assert.False(Directory.Exists(Path.Combine(home, "run")), "a refused training must not create its run folder");
    }

    [Fact]
    public async Task ASweepOverTheLimitsOfTheEmbeddedGridIsRefusedBeforeItStarts()
    {
        var home = Path.Combine(Path.GetTempPath(), $"robustgrid-cli-errors-{Guid.NewGuid():N}");
        var spec = Path.Combine(home, "long.yaml");
        Directory.CreateDirectory(home);
        await File.WriteAllTextAsync(spec, """
            dataset: fashion-mnist
            parameters:
              epochs: {value: 3}
              advbn.checkpoint: {value: /etc/hostname}
            """);
        var environment = new Dictionary<string, string>
        {
            ["ROBUSTGRID_HOME"] = home,
            ["COLUMNS"] = "300",
            ["ROBUSTGRID__LIMITS__MAXEPOCHS"] = "2",
        };
        var (exitCode, output) =
            await CliProcess.RunAsync(environment, TimeSpan.FromSeconds(60), ["sweep", "run", spec]);
        Assert.Equal(2, exitCode);
        Assert.Contains("parameters.epochs: 3 is above this grid's limit of 2 epochs (RobustGrid:Limits:MaxEpochs)",
            output);
        Assert.Contains("parameters.advbn.checkpoint: use trial:", output);
        Assert.False(Directory.Exists(Path.Combine(home, "state")), "a refused sweep must not start the embedded grid");
        Directory.Delete(home, recursive: true);
    }
}
