using RobustGrid.Training.Methods;
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
        var error = Assert.Throws<ArgumentException>(() => MethodRegistry.Create(method, new Dictionary<string, string> { [name] = value }));
        Assert.Contains(name, error.Message);
        Assert.Contains(method, error.Message);
    }

    [Fact]
    public void UnknownParametersAreErrorsListingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => MethodRegistry.Create("augmix", new Dictionary<string, string> { ["widht"] = "3" }));
        Assert.Contains("widht", error.Message);
        Assert.Contains("width", error.Message);
        Assert.Throws<ArgumentException>(() => MethodRegistry.Create("erm", new Dictionary<string, string> { ["x"] = "1" }));
    }

    [Fact]
    public void DefaultsAreThePapersAndAreRecorded()
    {
        var augmix = MethodRegistry.Create("augmix", new Dictionary<string, string>()).Details;
        Assert.Equal("3", augmix["severity"]);
        Assert.Equal("3", augmix["width"]);
        Assert.Equal("-1", augmix["depth"]);
        Assert.Equal("12", augmix["jsd_weight"]);
        var advbn = MethodRegistry.Create("advbn", new Dictionary<string, string> { ["checkpoint"] = "/nonexistent" }).Details;
        Assert.Equal("6", advbn["repeats"]);
        Assert.Equal("0.2", advbn["step"]);
        Assert.Equal("1.1", advbn["epsilon"]);
        var ipmix = MethodRegistry.Create("ipmix", new Dictionary<string, string> { ["k"] = "2" }).Details;
        Assert.Equal("2", ipmix["k"]);
        Assert.Equal("fractals", ipmix["mixing_set"]);
    }

    [Fact]
    public void RecipesFillOnlyTheOptionsTheUserDidNotSet()
    {
        var given = new TrainingConfig { Dataset = "cifar10", Method = "augmix", Epochs = 3 };
        var config = MethodRegistry.WithRecipe(given, new HashSet<string> { "epochs" });
        Assert.Equal(3, config.Epochs);
        Assert.Equal("wrn-40-2", config.Model);
        Assert.Equal(1e-6, config.MinLearningRate);
        var advbn = MethodRegistry.WithRecipe(given with { Method = "advbn" }, new HashSet<string>());
        Assert.Equal(0.001, advbn.LearningRate);
        Assert.Equal(10, advbn.LearningRateStepEpochs);
        Assert.False(advbn.Nesterov);
        Assert.Equal("wrn-40-4", MethodRegistry.WithRecipe(given with { Method = "ipmix" }, new HashSet<string>()).Model);
    }

    [Fact]
    public void StepScheduleDecaysTenfoldEveryBlock()
    {
        var schedule = new LearningRateSchedule(0.001, 0, 0, 200, StepEvery: 100, StepFactor: 0.1);
        Assert.Equal(0.001, schedule.At(99), 12);
        Assert.Equal(0.0001, schedule.At(100), 12);
    }
}
