using System.Globalization;

namespace RobustGrid.Training.NaTra;

/// <summary>
/// Every choice of the NaTra reconstruction that the paper's abstract does not pin down, by name (the CLI's
/// <c>--set key=value</c> uses these names). Defaults are sized for Fashion-MNIST on two CPU cores.
/// </summary>
public sealed record NaTraOptions
{
    // Stage 1: generative model.
    public int LatentDim { get; init; } = 64;
    public int GanWidth { get; init; } = 32;
    public int GanEpochs { get; init; } = 6;
    public int EncoderEpochs { get; init; } = 3;
    public double GanLearningRate { get; init; } = 2e-4;
    public double EncoderLearningRate { get; init; } = 1e-3;
    /// <summary>Weight of ||G(E(x)) - x||² beside ||E(G(z)) - z||² when training the encoder.</summary>
    public double EncoderPixelWeight { get; init; } = 1.0;
    public int BatchSize { get; init; } = 64;

    // Stage 2: batch inverse encoding and shifting.
    public int RefineSteps { get; init; } = 30;
    /// <summary>Cache codes for the first N training images only (null: all); stage 5 inverts the others on the fly.</summary>
    public int? CacheImages { get; init; }
    public double RefineLearningRate { get; init; } = 0.05;

    // Stage 3: latent codes expansion (mGANprior-style).
    public int ExpansionCodes { get; init; } = 4;
    /// <summary>Generator block after which the codes' features are combined (1 or 2).</summary>
    public int ExpansionLayer { get; init; } = 1;
    public int ExpansionSteps { get; init; } = 60;
    public double ExpansionLearningRate { get; init; } = 0.05;
    /// <summary>Spread of the extra codes around the refined code at the start.</summary>
    public double ExpansionNoise { get; init; } = 0.5;
    public int ExpansionImages { get; init; } = 256;

    // Stage 4: closed-form attribute directions.
    public int Directions { get; init; } = 8;
    /// <summary>|t| ≤ bound in latent units (z ~ N(0, I)) for every manipulation, in stage 4 and stage 5.</summary>
    public double Bound { get; init; } = 3.0;
    /// <summary>A direction is class-independent when it changes the classifier's label on at most this fraction.</summary>
    public double MaxLabelFlip { get; init; } = 0.10;
    public int HeldOutImages { get; init; } = 500;

    public long Seed { get; init; }

    public static NaTraOptions Parse(IReadOnlyDictionary<string, string> settings)
    {
        var options = new NaTraOptions();
        foreach (var (key, value) in settings)
        {
            int I() => int.Parse(value, CultureInfo.InvariantCulture);
            double D() => double.Parse(value, CultureInfo.InvariantCulture);
            options = key switch
            {
                "latent-dim" => options with { LatentDim = I() },
                "gan-width" => options with { GanWidth = I() },
                "gan-epochs" => options with { GanEpochs = I() },
                "encoder-epochs" => options with { EncoderEpochs = I() },
                "gan-lr" => options with { GanLearningRate = D() },
                "encoder-lr" => options with { EncoderLearningRate = D() },
                "encoder-pixel-weight" => options with { EncoderPixelWeight = D() },
                "batch-size" => options with { BatchSize = I() },
                "refine-steps" => options with { RefineSteps = I() },
                "refine-lr" => options with { RefineLearningRate = D() },
                "cache-images" => options with { CacheImages = I() },
                "expansion-codes" => options with { ExpansionCodes = I() },
                "expansion-layer" => options with { ExpansionLayer = I() },
                "expansion-steps" => options with { ExpansionSteps = I() },
                "expansion-lr" => options with { ExpansionLearningRate = D() },
                "expansion-noise" => options with { ExpansionNoise = D() },
                "expansion-images" => options with { ExpansionImages = I() },
                "directions" => options with { Directions = I() },
                "bound" => options with { Bound = D() },
                "max-label-flip" => options with { MaxLabelFlip = D() },
                "held-out" => options with { HeldOutImages = I() },
                "seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"natra: unknown option '{key}'"),
            };
        }
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (ExpansionLayer is not (1 or 2)) throw new ArgumentException("natra: expansion-layer must be 1 or 2");
        if (ExpansionCodes < 1) throw new ArgumentException("natra: expansion-codes must be at least 1");
        if (Directions < 1 || Directions > LatentDim) throw new ArgumentException("natra: directions must be in [1, latent-dim]");
        if (Bound <= 0) throw new ArgumentException("natra: bound must be positive");
        if (LatentDim < 1 || GanWidth < 1 || BatchSize < 1) throw new ArgumentException("natra: sizes must be positive");
    }
}
