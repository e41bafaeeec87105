using System.Globalization;
using RobustGrid.Training.TestTime.Operations;

namespace RobustGrid.Training.TestTime.DynTta;

/// <summary>Whether DynTTA trains on known corruptions (non-blind) or on AugMix views (blind).</summary>
public enum DynTtaMode { NonBlind, Blind }

/// <summary>
/// DynTTA's recipe (train.py) by name, for the CLI's <c>--set key=value</c>: SGD lr 1e-4, momentum 0.9, weight
/// decay 1e-3, batch 64, 60 epochs, learning rate halved every 10 epochs, shift probability 15/16; URIE first with lr 1e-3.
/// </summary>
public sealed record DynTtaOptions
{
    /// <summary>Predictor network (ModelFactory name, randomly initialised: no ImageNet weights are available here).</summary>
    public string Predictor { get; init; } = "small-cnn";
    public SharpnessKernel SharpnessKernel { get; init; } = SharpnessKernel.OldKorniaUnnormalized;
    public DynTtaMode Mode { get; init; } = DynTtaMode.NonBlind;
    public int UrieEpochs { get; init; } = 60;
    public double UrieLearningRate { get; init; } = 1e-3;
    public int Epochs { get; init; } = 60;
    public double LearningRate { get; init; } = 1e-4;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 64;
    public int LearningRateStep { get; init; } = 10;
    public double LearningRateGamma { get; init; } = 0.5;
    /// <summary>Chance that a training image is shifted; null: 15/16 non-blind (Corruption_dataset), 1 blind (AugMixDataset).</summary>
    public double? ShiftProbability { get; init; }
    public double EffectiveShiftProbability => ShiftProbability ?? (Mode == DynTtaMode.NonBlind ? 15.0 / 16.0 : 1.0);
    public long Seed { get; init; }

    public static DynTtaOptions Parse(IReadOnlyDictionary<string, string> settings)
    {
        var options = new DynTtaOptions();
        foreach (var (key, value) in settings)
        {
            int I() => int.Parse(value, CultureInfo.InvariantCulture);
            double D() => double.Parse(value, CultureInfo.InvariantCulture);
            options = key switch
            {
                "predictor" => options with { Predictor = value },
                "sharpness-kernel" => options with
                {
                    SharpnessKernel = value switch
                    {
                        "old-kornia" => SharpnessKernel.OldKorniaUnnormalized,
                        "normalized" => SharpnessKernel.Normalized,
                        _ => throw new ArgumentException("dyntta: sharpness-kernel is old-kornia or normalized"),
                    },
                },
                "mode" => options with
                {
                    Mode = value switch
                    {
                        "non-blind" => DynTtaMode.NonBlind,
                        "blind" => DynTtaMode.Blind,
                        _ => throw new ArgumentException("dyntta: mode is non-blind or blind"),
                    },
                },
                "urie-epochs" => options with { UrieEpochs = I() },
                "urie-lr" => options with { UrieLearningRate = D() },
                "epochs" => options with { Epochs = I() },
                "lr" => options with { LearningRate = D() },
                "momentum" => options with { Momentum = D() },
                "weight-decay" => options with { WeightDecay = D() },
                "batch-size" => options with { BatchSize = I() },
                "lr-step" => options with { LearningRateStep = I() },
                "lr-gamma" => options with { LearningRateGamma = D() },
                "shift-probability" => options with { ShiftProbability = D() },
                "seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"dyntta: unknown option '{key}'"),
            };
        }
        return options;
    }
}
