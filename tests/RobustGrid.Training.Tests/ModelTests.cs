using RobustGrid.Training.Models;
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
    public void ParameterCountsMatchThePublishedModels(string name, int channels, int size, long expected)
    {
        using var model = ModelFactory.Create(name, channels, 10, size);
        Assert.Equal(expected, ModelFactory.ParameterCount(model));
    }

    [Theory]
    [InlineData("small-cnn", 1, 28)]
    [InlineData("small-cnn", 3, 32)]
    [InlineData("resnet18", 3, 32)]
    [InlineData("resnet18", 1, 28)]
    [InlineData("wrn-40-2", 3, 32)]
    [InlineData("wrn-40-4", 1, 28)]
    public void OutputsOneLogitPerClass(string name, int channels, int size)
    {
        using var model = ModelFactory.Create(name, channels, 7, size);
        model.eval();
        using var input = randn(3, channels, size, size);
        using var output = model.call(input);
        Assert.Equal(new long[] { 3, 7 }, output.shape);
    }

    [Fact]
    public void ParameterNamesFollowThePyTorchReferences()
    {
        using var resnet = ModelFactory.Create("resnet18", 3, 10, 32);
        var names = resnet.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("layer2.0.shortcut.0.weight", names);
        Assert.Contains("layer4.1.bn2.running_var", names);
        Assert.Contains("linear.bias", names);
        using var wrn = ModelFactory.Create("wrn-40-2", 3, 10, 32);
        var wrnNames = wrn.state_dict().Keys.ToHashSet();
        Assert.Contains("block1.layer.0.conv_shortcut.weight", wrnNames);
        Assert.Contains("block3.layer.5.conv2.weight", wrnNames);
        Assert.Contains("fc.weight", wrnNames);
    }

    [Fact]
    public void UnknownModelIsAClearError() =>
        Assert.Contains("known: small-cnn",
            Assert.Throws<ArgumentException>(() => ModelFactory.Create("vgg", 3, 10, 32)).Message);
}
