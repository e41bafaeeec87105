using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Training;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Tests;

/// <summary>The <c>precision</c> and <c>channels_last</c> sweep parameters: validation and what a trial trains
/// with.</summary>
public sealed class PrecisionSpecTests
{
    [Fact]
    public void PrecisionAndChannelsLastAreGridAxes()
    {
        var (spec, errors) = SweepSpecParser.Parse("""
            dataset: cifar10
            parameters:
              precision: {values: [fp32, tf32, bf16-mixed]}
              channels_last: {values: [false, true]}
            resources: {device: cuda}
            """);
        Assert.Empty(errors);
        Assert.Equal(6, spec!.Configurations);
    }

    [Fact]
    public void UnknownPrecisionNamesTheAllowedOnes() =>
        SpecAssert.Error("dataset: cifar10\nparameters:\n  precision: {values: [fp32, fp16]}\n",
            "parameters.precision", "precision = 'fp16' is unknown; accepted: fp32|tf32|bf16-mixed");

    [Fact]
    public void PrecisionIsNotADistribution() =>
        SpecAssert.Error("dataset: cifar10\nmethod: random\nrun_cap: 4\nparameters:\n  precision: {min: 1, max: 2}\n",
            "parameters.precision.distribution", "precision is chosen with 'values' or 'value'");

    [Fact]
    public void Tf32IsRefusedOnACpuSweep() =>
        SpecAssert.Error(
            "dataset: cifar10\nparameters:\n  precision: {values: [fp32, tf32]}\nresources: {device: cpu}\n",
            "parameters.precision",
            "tf32 needs CUDA but resources.device is cpu; allowed on the CPU: fp32, bf16-mixed");

    [Fact]
    public void ChannelsLastTakesTrueOrFalse() =>
        SpecAssert.Error("dataset: cifar10\nparameters:\n  channels_last: {value: nhwc}\n", "parameters.channels_last",
            "training: channels_last = 'nhwc' is not a boolean; accepted: true|false");

    [Fact]
    public void ATrialTrainsWithItsPrecisionAndLayout()
    {
        var config = TrialConfigMapper.Map(Trial(new() { ["precision"] = "bf16-mixed", ["channels_last"] = "true" }),
            "cuda");
        Assert.Equal(TrainingPrecision.Bf16Mixed, config.Precision);
        Assert.True(config.ChannelsLast);
        config.Validate();
    }

    [Fact]
    public void WithoutThemATrialTrainsFp32Nchw()
    {
        var config = TrialConfigMapper.Map(Trial([]), "cpu");
        Assert.Equal(TrainingPrecision.Fp32, config.Precision);
        Assert.False(config.ChannelsLast);
    }

    private static TrialSpec Trial(Dictionary<string, string> parameters) =>
        new("s", "s/00000", 0, "cifar10", "resnet18", "erm", 0, 1, parameters, "k", [], "test_accuracy", "auto", 3,
            EvaluationSpec.Clean);
}
