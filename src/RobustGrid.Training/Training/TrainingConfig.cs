using RobustGrid.Data.Catalog;
using RobustGrid.Training.Runtime;

namespace RobustGrid.Training.Training;

/// <summary>Everything that defines a training run. Defaults are the ERM recipe (SGD Nesterov, cosine).</summary>
public sealed record TrainingConfig
{
    public required string Dataset { get; init; }
    public string Model { get; init; } = "small-cnn";
    public string Method { get; init; } = "erm";
    public IReadOnlyDictionary<string, string> MethodParameters { get; init; } = new Dictionary<string, string>();
    public int Epochs { get; init; } = 2;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.1;
    public double MinLearningRate { get; init; }
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public bool Nesterov { get; init; } = true;
    public int WarmupEpochs { get; init; }
    /// <summary>0: cosine per step to <see cref="MinLearningRate"/>; N: multiply by <see cref="LearningRateStepFactor"/> every N epochs.</summary>
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
    public string Precision { get; init; } = TrainingPrecision.Fp32;
    /// <summary>Lay activations and convolution weights out NHWC in memory (NCHW shape), for cuDNN's NHWC kernels.</summary>
    public bool ChannelsLast { get; init; }
    /// <summary>
    /// Step SGD on one flat parameter buffer and one flat gradient buffer (<see cref="Optimization.FlatSgd"/>, a
    /// few native calls a step); false: TorchSharp's per-parameter SGD. Same update either way and the same
    /// checkpoint format, so it is not part of the run's identity (as <see cref="Threads"/>).
    /// </summary>
    public bool FlatOptimizer { get; init; } = true;

    public void Validate()
    {
        static void Check(bool ok, string field, string allowed)
        {
            if (!ok) throw new ArgumentException($"{field}: {allowed}");
        }
        Check(DatasetCatalog.Names.Contains(Dataset), "dataset", $"unknown '{Dataset}'; known: {string.Join(", ", DatasetCatalog.Names)}");
        Check(Epochs >= 1, "epochs", "must be at least 1");
        Check(BatchSize >= 1, "batch-size", "must be at least 1");
        Check(LearningRate > 0, "lr", "must be positive");
        Check(MinLearningRate >= 0 && MinLearningRate <= LearningRate, "min-lr", "must be in [0, lr]");
        Check(Momentum is >= 0 and < 1, "momentum", "must be in [0, 1)");
        Check(WeightDecay >= 0, "weight-decay", "must be non-negative");
        Check(WarmupEpochs >= 0 && WarmupEpochs < Epochs, "warmup-epochs", "must be in [0, epochs)");
        Check(LearningRateStepEpochs >= 0, "lr-step-epochs", "must be non-negative");
        Check(LearningRateStepFactor is > 0 and <= 1, "lr-step-factor", "must be in (0, 1]");
        Check(TrainLimit is null or > 0, "train-limit", "must be positive");
        Check(TestLimit is null or > 0, "test-limit", "must be positive");
        Check(LogInterval >= 1, "log-interval", "must be at least 1");
        Check(TrainingPrecision.Names.Contains(Precision), "precision", string.Join(", ", TrainingPrecision.Names));
    }

    /// <summary>True when a checkpoint written under <paramref name="other"/> may be resumed under this config.</summary>
    public bool SameRunAs(TrainingConfig other) =>
        this with
        {
            Device = other.Device, Threads = other.Threads, LogInterval = other.LogInterval,
            FlatOptimizer = other.FlatOptimizer, MethodParameters = other.MethodParameters,
        } == other
        && MethodParameters.OrderBy(p => p.Key).SequenceEqual(other.MethodParameters.OrderBy(p => p.Key));
}
