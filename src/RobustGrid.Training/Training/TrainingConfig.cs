using RobustGrid.Catalog;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Catalog.Training;
using RobustGrid.Data.Catalog;
using RobustGrid.Training.Runtime;

namespace RobustGrid.Training.Training;

/// <summary>
/// Everything that defines a training run. Users' runs are made by <see cref="Build"/>; the property defaults serve
/// code that sets every field it cares about (tests, benchmarks).
/// </summary>
public sealed record TrainingConfig
{
    public required string Dataset { get; init; }
    public string Model { get; init; } = "small-cnn";
    public string Method { get; init; } = "erm";
    public IReadOnlyDictionary<string, string> MethodParameters { get; init; } = new Dictionary<string, string>();
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.1;
    public double MinLearningRate { get; init; }
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public bool Nesterov { get; init; } = true;
    public int WarmupEpochs { get; init; }
    /// <summary>0: cosine per step to <see cref="MinLearningRate"/>; N: multiply by
    /// <see cref="LearningRateStepFactor"/> every N epochs.</summary>
    public int LearningRateStepEpochs { get; init; }
    public double LearningRateStepFactor { get; init; } = 0.1;
    public long Seed { get; init; }
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;
    /// <summary>Train on the first N training images only (null: all).</summary>
    public int? TrainLimit { get; init; }
    /// <summary>Evaluate on the first N test images only (null: all).</summary>
    public int? TestLimit { get; init; }
    /// <summary>Intra-op CPU threads (0: leave libtorch's default). Process-wide in libtorch.</summary>
    public int Threads { get; init; }
    /// <summary>Report progress every this many steps (the only host synchronisations in the loop).</summary>
    public int LogInterval { get; init; } = 25;
    /// <summary>fp32, tf32 (CUDA only) or bf16-mixed; see <see cref="TrainingPrecision"/>.</summary>
    public string Precision { get; init; } = Precisions.Fp32;
    /// <summary>Lay activations and convolution weights out NHWC in memory (NCHW shape), for cuDNN's NHWC
    /// kernels.</summary>
    public bool ChannelsLast { get; init; }
    /// <summary>
    /// Step SGD on one flat parameter buffer and one flat gradient buffer (<see cref="Optimization.FlatSgd"/>, a
    /// few native calls a step); false: TorchSharp's per-parameter SGD. Same update either way and the same
    /// checkpoint format, so it is not part of the run's identity (as <see cref="Threads"/>).
    /// </summary>
    public bool FlatOptimizer { get; init; } = true;

    /// <summary>
    /// Checks every field by the catalog's rules (<see cref="TrainingSettings"/>: the ones the CLI and the spec check
    /// apply), naming the bad setting, and the dataset and the method's hyperparameters.
    /// </summary>
    public void Validate()
    {
        if (!DatasetReference.IsWellFormed(Dataset))
            throw new ArgumentException($"dataset: unknown '{Dataset}'; known: {DatasetReference.Forms}");
        TrainingSettings.Resolve(Settings());
        if (LogInterval < 1) throw new ArgumentException("log-interval: must be at least 1");
        MethodCatalog.Describe(Method).Parse(MethodParameters);
    }

    /// <summary>The fields a user sets, by their catalog names, as canonical text.</summary>
    public IReadOnlyDictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            [TrainingSettings.Method] = Method,
            [TrainingSettings.Model] = Model,
            [TrainingSettings.Epochs] = Setting.Format(Epochs),
            [TrainingSettings.BatchSize] = Setting.Format(BatchSize),
            [TrainingSettings.LearningRate] = Setting.Format(LearningRate),
            [TrainingSettings.MinLearningRate] = Setting.Format(MinLearningRate),
            [TrainingSettings.Momentum] = Setting.Format(Momentum),
            [TrainingSettings.WeightDecay] = Setting.Format(WeightDecay),
            [TrainingSettings.Nesterov] = Setting.Format(Nesterov),
            [TrainingSettings.WarmupEpochs] = Setting.Format(WarmupEpochs),
            [TrainingSettings.LearningRateStepEpochs] = Setting.Format(LearningRateStepEpochs),
            [TrainingSettings.LearningRateStepFactor] = Setting.Format(LearningRateStepFactor),
            [TrainingSettings.Threads] = Setting.Format(Threads),
            [TrainingSettings.Precision] = Precision,
            [TrainingSettings.ChannelsLast] = Setting.Format(ChannelsLast),
        };
        if (TrainLimit is { } train) settings[TrainingSettings.TrainLimit] = Setting.Format(train);
        if (TestLimit is { } test) settings[TrainingSettings.TestLimit] = Setting.Format(test);
        return settings;
    }

    /// <summary>
    /// The one way a run's configuration is made, by the CLI, the grid and the benchmarks alike: the settings given
    /// explicitly, the method's recipe for the others, then the defaults (<see cref="TrainingSettings.Resolve"/>).
    /// </summary>
    public static TrainingConfig Build(string dataset, long seed, DeviceChoice device,
        IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> methodParameters)
    {
        var s = TrainingSettings.Resolve(settings).Values;
        var config = new TrainingConfig
        {
            Dataset = dataset,
            Model = s.Text(TrainingSettings.Model),
            Method = s.Text(TrainingSettings.Method),
            MethodParameters = methodParameters,
            Epochs = s.Int(TrainingSettings.Epochs),
            BatchSize = s.Int(TrainingSettings.BatchSize),
            LearningRate = s.Double(TrainingSettings.LearningRate),
            MinLearningRate = s.Double(TrainingSettings.MinLearningRate),
            Momentum = s.Double(TrainingSettings.Momentum),
            WeightDecay = s.Double(TrainingSettings.WeightDecay),
            Nesterov = s.Bool(TrainingSettings.Nesterov),
            WarmupEpochs = s.Int(TrainingSettings.WarmupEpochs),
            LearningRateStepEpochs = s.Int(TrainingSettings.LearningRateStepEpochs),
            LearningRateStepFactor = s.Double(TrainingSettings.LearningRateStepFactor),
            Seed = seed,
            Device = device,
            TrainLimit = s.OptionalInt(TrainingSettings.TrainLimit),
            TestLimit = s.OptionalInt(TrainingSettings.TestLimit),
            Threads = s.Int(TrainingSettings.Threads),
            Precision = s.Text(TrainingSettings.Precision),
            ChannelsLast = s.Bool(TrainingSettings.ChannelsLast),
        };
        config.Validate();
        return config;
    }

    /// <summary>True when a run under this config may continue another run's checkpoint, written under
    /// <paramref name="other"/>: the same run but for the exploitable settings
    /// (<see cref="TrainingSettings.Exploitable"/>).</summary>
    public bool ContinuesRunOf(TrainingConfig other) =>
        SameRunAs(other with
        {
            LearningRate = LearningRate,
            MinLearningRate = MinLearningRate,
            Momentum = Momentum,
            WeightDecay = WeightDecay,
        });

    /// <summary>True when a checkpoint written under <paramref name="other"/> may be resumed under this
    /// config.</summary>
    public bool SameRunAs(TrainingConfig other) =>
        this with
        {
            Device = other.Device,
            Threads = other.Threads,
            LogInterval = other.LogInterval,
            FlatOptimizer = other.FlatOptimizer,
            MethodParameters = other.MethodParameters,
        } == other
        && MethodParameters.OrderBy(p => p.Key).SequenceEqual(other.MethodParameters.OrderBy(p => p.Key));
}
