using RobustGrid.Catalog;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>Builds models by name; every model's parameter names follow its PyTorch reference definition.</summary>
public static class ModelFactory
{
    public static IReadOnlyList<string> Names => ModelNames.Names;

    public static nn.Module<Tensor, Tensor> Create(string name, int inputChannels, int classes, int imageSize) =>
        name switch
        {
            "small-cnn" => new SmallCnn(inputChannels, classes, imageSize),
            "resnet18" => new CifarResNet18(inputChannels, classes),
            "wrn-40-2" => new WideResNet(depth: 40, widenFactor: 2, inputChannels, classes, dropRate: 0.0),
            // IPMix's default: WRN-40-4 with dropout 0.3.
            "wrn-40-4" => new WideResNet(depth: 40, widenFactor: 4, inputChannels, classes, dropRate: 0.3),
            "resnet50" => new ResNet50(inputChannels, classes),
            "preact-resnet18" => new PreActResNet18(inputChannels, classes),
            "wrn-28-10" => RobustBenchWideResNet(28, inputChannels, classes),
            "wrn-34-10" => RobustBenchWideResNet(34, inputChannels, classes),
            _ =>
                throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };

    private static WideResNet RobustBenchWideResNet(int depth, int inputChannels, int classes) =>
        new(depth, widenFactor: 10, inputChannels, classes, dropRate: 0.0, WideResNet.RobustBenchShortcutName);

    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());
}
