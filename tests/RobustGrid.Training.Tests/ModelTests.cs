using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

public sealed class ModelTests
{
    [Theory]
    // Published counts: kuangliu CIFAR ResNet-18 11,173,962; WRN-40-2 (AugMix) 2,243,546.
    [InlineData("resnet18", 3, 32, 11_173_962)]
    [InlineData("wrn-40-2", 3, 32, 2_243_546)]
    // small-cnn: bias-free convs + BN (288+64, 18,432+128), fc 3,136x128+128, fc 128x10+10.
    [InlineData("small-cnn", 1, 28, 421_738)]
    // RobustBench's model zoo: PreActResNet-18 11,171,146; WRN-28-10 36,479,194; WRN-34-10 46,160,474.
    [InlineData("preact-resnet18", 3, 32, 11_171_146)]
    [InlineData("wrn-28-10", 3, 32, 36_479_194)]
    [InlineData("wrn-34-10", 3, 32, 46_160_474)]
    public void ParameterCountsMatchThePublishedModels(string name, int channels, int size, long expected)
    {
        using var model = SeededConstruction.Build(0, () => ModelFactory.Create(name, channels, 10, size));
        Assert.Equal(expected, ModelFactory.ParameterCount(model));
    }

    [Fact]
    public void ResNet50HasTorchvisionsParameterCountAndImageNetOutputs()
    {
        using var model = SeededConstruction.Build(0, () => ModelFactory.Create("resnet50", 3, 1000, 224));
        // torchvision.models.resnet50(): 25,557,032 parameters.
        Assert.Equal(25_557_032, ModelFactory.ParameterCount(model));
        model.eval();
        using var noGrad = no_grad();
        using var input = randn(1, 3, 224, 224);
        using var output = model.call(input);
        Assert.Equal(new long[] { 1, 1000 }, output.shape);
    }

    [Theory]
    [InlineData("small-cnn", 1, 28)]
    [InlineData("small-cnn", 3, 32)]
    [InlineData("resnet18", 3, 32)]
    [InlineData("resnet18", 1, 28)]
    [InlineData("wrn-40-2", 3, 32)]
    [InlineData("wrn-40-4", 1, 28)]
    [InlineData("resnet50", 3, 32)]
    [InlineData("preact-resnet18", 3, 32)]
    [InlineData("preact-resnet18", 1, 28)]
    [InlineData("wrn-28-10", 3, 32)]
    [InlineData("wrn-34-10", 3, 32)]
    // Image folders: Tiny-ImageNet's 64 px and ImageNet's 224 px.
    [InlineData("small-cnn", 3, 64)]
    [InlineData("small-cnn", 3, 224)]
    [InlineData("resnet18", 3, 64)]
    [InlineData("wrn-40-2", 3, 64)]
    public void OutputsOneLogitPerClass(string name, int channels, int size)
    {
        using var model = SeededConstruction.Build(0, () => ModelFactory.Create(name, channels, 7, size));
        model.eval();
        using var input = randn(3, channels, size, size);
        using var output = model.call(input);
        Assert.Equal(new long[] { 3, 7 }, output.shape);
    }

    [Fact]
    public void ParameterNamesFollowThePyTorchReferences()
    {
        AssertParameterNames("resnet18",
            ["conv1.weight", "layer2.0.shortcut.0.weight", "layer4.1.bn2.running_var", "linear.bias"], []);
        AssertParameterNames("wrn-40-2",
            ["block1.layer.0.conv_shortcut.weight", "block3.layer.5.conv2.weight", "fc.weight"], []);
        AssertParameterNames("resnet50", ["layer1.0.downsample.0.weight", "layer4.2.bn3.running_var"],
            ["layer1.1.downsample.0.weight"]);
        AssertParameterNames("preact-resnet18",
            ["layer2.0.shortcut.0.weight", "layer4.1.bn2.num_batches_tracked"], ["bn1.weight"]);
        AssertParameterNames("wrn-28-10", ["block1.layer.0.convShortcut.weight", "block3.layer.3.conv2.weight"],
            ["block3.layer.4.conv2.weight"]);
    }

    /// <summary>The state-dict keys of a freshly built 32x32, 10-class RGB <paramref name="model"/> include every
    /// name in <paramref name="present"/> and none in <paramref name="absent"/>.</summary>
    private static void AssertParameterNames(string model, string[] present, string[] absent)
    {
        using var built = SeededConstruction.Build(0, () => ModelFactory.Create(model, 3, 10, 32));
        var names = built.state_dict().Keys.ToHashSet();
        foreach (var name in present) Assert.Contains(name, names);
        foreach (var name in absent) Assert.DoesNotContain(name, names);
    }

    [Fact]
    public void UnknownModelIsAClearError() =>
        Assert.Contains("known: small-cnn",
            Assert.Throws<ArgumentException>(() => ModelFactory.Create("vgg", 3, 10, 32)).Message);
}
