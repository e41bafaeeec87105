using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;

namespace RobustGrid.TestTime.DynTta;

/// <summary>Whether DynTTA trains on known corruptions (non-blind) or on AugMix views (blind).</summary>
public enum DynTtaMode { NonBlind, Blind }

/// <summary>
/// DynTTA's stage options, parsed from the settings <see cref="DynTtaInfo.StageOptions"/> declares (names, defaults
/// and ranges: train.py's recipe).
/// </summary>
public sealed record DynTtaOptions
{
    /// <summary>Predictor network (ModelFactory name, randomly initialised: no ImageNet weights are available
    /// here).</summary>
    public string Predictor { get; init; } = "small-cnn";
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
    /// <summary>Chance that a training image is shifted; null: 15/16 non-blind (Corruption_dataset), 1 blind
    /// (AugMixDataset).</summary>
    public double? ShiftProbability { get; init; }
    public double EffectiveShiftProbability => ShiftProbability ?? (Mode == DynTtaMode.NonBlind ? 15.0 / 16.0 : 1.0);
    /// <summary>train.py's RandomResizedCrop of every training image (<see cref="TrainingGeometry"/>).</summary>
    public bool RandomResizedCrop { get; init; } = true;
    /// <summary>train.py's RandomHorizontalFlip of every training image.</summary>
    public bool HorizontalFlip { get; init; } = true;
    public long Seed { get; init; }

    /// <summary>Options from <c>--set</c>-style settings (<see cref="DynTtaInfo.StageOptions"/>); a bad key or value
    /// throws, naming it.</summary>
    public static DynTtaOptions Parse(IReadOnlyDictionary<string, string> settings)
    {
        var v = SettingValues.Parse("dyntta", DynTtaInfo.StageOptions, settings);
        return new DynTtaOptions
        {
            Predictor = v.Text("predictor"),
            Mode = DynTtaInfo.IsNonBlind(v.Text(DynTtaInfo.ModeSetting)) ? DynTtaMode.NonBlind : DynTtaMode.Blind,
            UrieEpochs = v.Int("urie-epochs"),
            UrieLearningRate = v.Double("urie-lr"),
            Epochs = v.Int("epochs"),
            LearningRate = v.Double("lr"),
            Momentum = v.Double("momentum"),
            WeightDecay = v.Double("weight-decay"),
            BatchSize = v.Int("batch-size"),
            LearningRateStep = v.Int("lr-step"),
            LearningRateGamma = v.Double("lr-gamma"),
            ShiftProbability = v.OptionalDouble("shift-probability"),
            RandomResizedCrop = v.Bool("random-resized-crop"),
            HorizontalFlip = v.Bool("horizontal-flip"),
            Seed = v.Long("seed"),
        };
    }
}
