using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

public sealed class SpecValidationTests
{
    [Fact]
    public void ValidSpecExpandsSeedsAsAnAxis()
    {
        var (spec, errors) = SweepSpecParser.Parse("""
            dataset: fashion-mnist
            method: grid
            parameters:
              method: {values: [erm, augmix]}
              learning_rate: {values: [0.1, 0.01, 0.001]}
            seeds: [0, 1, 2]
            run_cap: 18
            """);
        Assert.Empty(errors);
        Assert.Equal(6, spec!.Configurations);
        Assert.Equal(18, spec.DefinedTrials);
    }

    [Fact]
    public void UnknownMethodNamesAllowedOnes() =>
        SpecAssert.Error("dataset: fashion-mnist\nparameters:\n  method: {values: [erm, magic]}\n", "parameters.method",
            "method = 'magic' is unknown; accepted: erm|augmix");

    [Fact]
    public void BadRangeNamesTheField() =>
        SpecAssert.Error("dataset: cifar10\nmethod: random\nrun_cap: 4\nparameters:\n  learning_rate: {distribution: " +
            "log_uniform_values, min: 0.1, max: 0.01}\n",
            "parameters.learning_rate.min", "must be less than max");

    [Fact]
    public void EmptyGridIsRefused() =>
        SpecAssert.Error("dataset: cifar10\nparameters:\n  learning_rate: {values: []}\n",
            "parameters.learning_rate.values", "empty list");

    [Fact]
    public void GridLargerThanRunCapIsRefused() =>
        SpecAssert.Error(
            "dataset: cifar10\nrun_cap: 5\nseeds: 2\nparameters:\n  learning_rate: {values: [0.1, 0.2, 0.3]}\n",
            "run_cap", "defines 6 trials");

    [Fact]
    public void UnknownDatasetIsRefused() =>
        SpecAssert.Error("dataset: imagenet\nparameters:\n  epochs: {value: 1}\n", "dataset",
            "unknown dataset 'imagenet'; known: fashion-mnist, cifar10");

    [Fact]
    public void ManyErrorsAreReportedTogether()
    {
        var errors = SpecAssert.Errors("""
            dataset: mnist
            method: bayesian
            metric: {name: accuracy, goal: up}
            parallel_trials: 0
            parameters:
              lr: {values: [0.1]}
              epochs: {values: [0, 2]}
            early_terminate: {type: median}
            evaluation: {suite: cifar10-c, severities: [0, 3]}
            extra: 1
            """);
        var paths = errors.Select(e => e.Path).ToHashSet();
        foreach (var path in new[]
        {
            "dataset", "method", "metric.name", "metric.goal", "parallel_trials", "parameters.lr", "parameters.epochs",
            "early_terminate.type", "evaluation.severities", "extra",
        })
            Assert.Contains(path, paths);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just text")]
    [InlineData("a: [unclosed")]
    [InlineData("parameters: 5\ndataset: cifar10")]
    [InlineData("dataset: cifar10\nparameters:\n  learning_rate: {distribution: uniform}")]
    [InlineData("dataset: cifar10\nmethod: random\nparameters:\n  learning_rate: {min: 0.1, max: 1}")]
    public void BadInputNeverThrows(string yaml)
    {
        var (spec, errors) = SweepSpecParser.Parse(yaml);
        Assert.Null(spec);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void ExampleSpecsAreValid()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "examples"))) root = Path.GetDirectoryName(root)!;
        foreach (var file in Directory.GetFiles(Path.Combine(root, "examples"), "*.yaml"))
        {
            var (_, errors) = SweepSpecParser.Parse(File.ReadAllText(file), Path.GetFileNameWithoutExtension(file));
            Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
        }
    }
}
