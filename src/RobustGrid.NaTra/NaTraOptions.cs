using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;

namespace RobustGrid.NaTra;

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
    /// <summary>Cache codes for the first N training images only (null: all); stage 5 inverts the others on the
    /// fly.</summary>
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
    /// <summary>A direction is class-independent when it changes the classifier's label on at most this
    /// fraction.</summary>
    public double MaxLabelFlip { get; init; } = 0.10;
    public int HeldOutImages { get; init; } = 500;

    public long Seed { get; init; }

    /// <summary>Options from <c>--set</c>-style settings (<see cref="NaTraInfo.StageOptions"/>); a bad key or value
    /// throws, naming it.</summary>
    public static NaTraOptions Parse(IReadOnlyDictionary<string, string> settings)
    {
        var v = SettingValues.Parse("natra", NaTraInfo.StageOptions, settings);
        var options = new NaTraOptions
        {
            LatentDim = v.Int("latent-dim"),
            GanWidth = v.Int("gan-width"),
            GanEpochs = v.Int("gan-epochs"),
            EncoderEpochs = v.Int("encoder-epochs"),
            GanLearningRate = v.Double("gan-lr"),
            EncoderLearningRate = v.Double("encoder-lr"),
            EncoderPixelWeight = v.Double("encoder-pixel-weight"),
            BatchSize = v.Int("batch-size"),
            RefineSteps = v.Int("refine-steps"),
            RefineLearningRate = v.Double("refine-lr"),
            CacheImages = v.OptionalInt("cache-images"),
            ExpansionCodes = v.Int("expansion-codes"),
            ExpansionLayer = v.Int("expansion-layer"),
            ExpansionSteps = v.Int("expansion-steps"),
            ExpansionLearningRate = v.Double("expansion-lr"),
            ExpansionNoise = v.Double("expansion-noise"),
            ExpansionImages = v.Int("expansion-images"),
            Directions = v.Int("directions"),
            Bound = v.Double("bound"),
            MaxLabelFlip = v.Double("max-label-flip"),
            HeldOutImages = v.Int("held-out"),
            Seed = v.Long("seed"),
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (ExpansionLayer is not (1 or 2)) throw new ArgumentException("natra: expansion-layer must be 1 or 2");
        if (ExpansionCodes < 1) throw new ArgumentException("natra: expansion-codes must be at least 1");
        if (Directions < 1 || Directions > LatentDim)
            throw new ArgumentException("natra: directions must be in [1, latent-dim]");
        if (Bound <= 0) throw new ArgumentException("natra: bound must be positive");
        if (LatentDim < 1 || GanWidth < 1 || BatchSize < 1)
            throw new ArgumentException("natra: sizes must be positive");
    }
}
