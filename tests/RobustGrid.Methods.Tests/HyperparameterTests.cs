using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;

namespace RobustGrid.Methods.Tests;

public sealed class HyperparameterTests
{
    [Theory]
    [InlineData("augmix", "severity", "11")]
    [InlineData("augmix", "depth", "0")]
    [InlineData("augmix", "alpha", "0")]
    [InlineData("augmix", "ops", "fog")]
    [InlineData("augmix", "normalization", "imagenet")]
    [InlineData("erm", "normalization", "imagenet")]
    [InlineData("ipmix", "k", "abc")]
    [InlineData("advbn", "epsilon", "-1")]
    [InlineData("adv-mixup", "labels", "nearest")]
    [InlineData("adv-mixup", "optimize_ratio", "maybe")]
    public void BadValuesAreErrorsNamingTheParameter(string method, string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(
            () => MethodRegistry.Create(method, new Dictionary<string, string> { [name] = value }));
        Assert.Contains(name, error.Message);
        Assert.Contains(method, error.Message);
    }

    [Fact]
    public void UnknownParametersAreErrorsListingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(
            () => MethodRegistry.Create("augmix", new Dictionary<string, string> { ["widht"] = "3" }));
        Assert.Contains("widht", error.Message);
        Assert.Contains("width", error.Message);
        Assert.Throws<ArgumentException>(
            () => MethodRegistry.Create("erm", new Dictionary<string, string> { ["x"] = "1" }));
    }

    [Fact]
    public void DefaultsAreThePapersAndAreRecorded()
    {
        var augmix = MethodRegistry.Create("augmix", new Dictionary<string, string>()).Details;
        Assert.Equal("3", augmix["severity"]);
        Assert.Equal("3", augmix["width"]);
        Assert.Equal("-1", augmix["depth"]);
        Assert.Equal("12", augmix["jsd_weight"]);
        var advbn = MethodRegistry.Create("advbn", new Dictionary<string, string> { ["checkpoint"] = "/nonexistent" })
            .Details;
        Assert.Equal("6", advbn["repeats"]);
        Assert.Equal("0.2", advbn["step"]);
        Assert.Equal("1.1", advbn["epsilon"]);
        var ipmix = MethodRegistry.Create("ipmix", new Dictionary<string, string> { ["k"] = "2" }).Details;
        Assert.Equal("2", ipmix["k"]);
        Assert.Equal("fractals", ipmix["mixing_set"]);
        Assert.Equal("wrap", ipmix["overflow"]);
    }

    [Fact]
    public void RecipesFillOnlyTheOptionsTheUserDidNotSet()
    {
        TrainingConfig Build(string method, Dictionary<string, string>? given = null) =>
            TrainingConfig.Build("cifar10", 0,
            DeviceChoice.Cpu, new Dictionary<string, string>(given ?? []) { ["method"] = method },
            new Dictionary<string, string>());
        var augmix = Build("augmix", new() { ["epochs"] = "3" });
        Assert.Equal(3, augmix.Epochs);
        Assert.Equal("wrn-40-2", augmix.Model);
        Assert.Equal(1e-6, augmix.MinLearningRate);
        var advbn = Build("advbn");
        Assert.Equal(0.001, advbn.LearningRate);
        Assert.Equal(10, advbn.LearningRateStepEpochs);
        Assert.Equal(256, advbn.BatchSize);
        Assert.False(advbn.Nesterov);
        Assert.Equal("wrn-40-4", Build("ipmix").Model);
        // Without a recipe the defaults hold, the learning rate following the model.
        var erm = Build("erm");
        Assert.Equal(("small-cnn", 0.05, 1, 128), (erm.Model, erm.LearningRate, erm.Epochs, erm.BatchSize));
        Assert.Equal(0.1, Build("erm", new() { ["model"] = "resnet18" }).LearningRate);
    }
}
