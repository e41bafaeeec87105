using RobustGrid.Training.Training;

namespace RobustGrid.Training.Methods;

/// <summary>
/// The training recipe a method's paper used (model, optimiser, schedule, epochs). Each value replaces the
/// trainer's default only where the user did not set that option; the values actually used land in the
/// checkpoint's config.
/// </summary>
public sealed record MethodRecipe
{
    public static readonly MethodRecipe None = new();

    public string? Model { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }
    public double? MinLearningRate { get; init; }
    public double? Momentum { get; init; }
    public double? WeightDecay { get; init; }
    public bool? Nesterov { get; init; }
    /// <summary>Step decay every this many epochs instead of cosine (AdvBN: 10).</summary>
    public int? LearningRateStepEpochs { get; init; }
    public double? LearningRateStepFactor { get; init; }

    /// <summary>Names of the <see cref="TrainingConfig"/> options, as <see cref="ApplyTo"/>'s explicit set uses them.</summary>
    public static class Options
    {
        public const string Model = "model", Epochs = "epochs", BatchSize = "batch-size", LearningRate = "lr",
            MinLearningRate = "min-lr", Momentum = "momentum", WeightDecay = "weight-decay", Nesterov = "nesterov",
            LearningRateStepEpochs = "lr-step-epochs", LearningRateStepFactor = "lr-step-factor";
    }

    /// <summary>Fills every option the user did not set explicitly with this recipe's value.</summary>
    public TrainingConfig ApplyTo(TrainingConfig config, IReadOnlySet<string> explicitlySet)
    {
        bool Free(string option) => !explicitlySet.Contains(option);
        return config with
        {
            Model = Model is { } m && Free(Options.Model) ? m : config.Model,
            Epochs = Epochs is { } e && Free(Options.Epochs) ? e : config.Epochs,
            BatchSize = BatchSize is { } b && Free(Options.BatchSize) ? b : config.BatchSize,
            LearningRate = LearningRate is { } lr && Free(Options.LearningRate) ? lr : config.LearningRate,
            MinLearningRate = MinLearningRate is { } min && Free(Options.MinLearningRate) ? min : config.MinLearningRate,
            Momentum = Momentum is { } mo && Free(Options.Momentum) ? mo : config.Momentum,
            WeightDecay = WeightDecay is { } wd && Free(Options.WeightDecay) ? wd : config.WeightDecay,
            Nesterov = Nesterov is { } n && Free(Options.Nesterov) ? n : config.Nesterov,
            LearningRateStepEpochs = LearningRateStepEpochs is { } s && Free(Options.LearningRateStepEpochs) ? s : config.LearningRateStepEpochs,
            LearningRateStepFactor = LearningRateStepFactor is { } f && Free(Options.LearningRateStepFactor) ? f : config.LearningRateStepFactor,
        };
    }

    /// <summary>The recipe in words for <c>robustgrid methods</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Model is not null) parts.Add($"model {Model}");
        if (Epochs is not null) parts.Add($"{Epochs} epochs");
        if (BatchSize is not null) parts.Add($"batch {BatchSize}");
        if (LearningRate is not null) parts.Add(FormattableString.Invariant($"lr {LearningRate}"));
        if (LearningRateStepEpochs is not null)
            parts.Add(FormattableString.Invariant($"x{LearningRateStepFactor ?? 0.1} every {LearningRateStepEpochs} epochs"));
        else if (MinLearningRate is not null) parts.Add(FormattableString.Invariant($"cosine per step to {MinLearningRate:0.#########}"));
        if (Momentum is not null) parts.Add(FormattableString.Invariant($"momentum {Momentum}{(Nesterov == true ? " nesterov" : "")}"));
        if (WeightDecay is not null) parts.Add(FormattableString.Invariant($"wd {WeightDecay}"));
        return parts.Count == 0 ? "trainer defaults" : string.Join(", ", parts);
    }
}
