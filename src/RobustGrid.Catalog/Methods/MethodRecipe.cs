using System.Globalization;
using RobustGrid.Catalog.Training;

namespace RobustGrid.Catalog.Methods;

/// <summary>
/// The training recipe a method's paper used (model, optimiser, schedule, epochs). Each value replaces the default
/// only where the user did not set that option, on the command line and in a sweep alike
/// (<see cref="TrainingSettings.Resolve"/>); the values actually used land in the checkpoint's configuration.
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

    /// <summary>The settings this recipe fills, by training-setting name, as text.</summary>
    public IReadOnlyDictionary<string, string> Values
    {
        get
        {
            var values = new Dictionary<string, string>();
            void Put(string name, object? value)
            {
                if (value is not null) values[name] = Catalog.Settings.Setting.Format(value);
            }
            Put(TrainingSettings.Model, Model);
            Put(TrainingSettings.Epochs, Epochs);
            Put(TrainingSettings.BatchSize, BatchSize);
            Put(TrainingSettings.LearningRate, LearningRate);
            Put(TrainingSettings.MinLearningRate, MinLearningRate);
            Put(TrainingSettings.Momentum, Momentum);
            Put(TrainingSettings.WeightDecay, WeightDecay);
            Put(TrainingSettings.Nesterov, Nesterov);
            Put(TrainingSettings.LearningRateStepEpochs, LearningRateStepEpochs);
            Put(TrainingSettings.LearningRateStepFactor, LearningRateStepFactor);
            return values;
        }
    }

    /// <summary>The recipe in words for <c>robustgrid methods</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Model is not null) parts.Add($"model {Model}");
        if (Epochs is not null) parts.Add($"{Epochs} epochs");
        if (BatchSize is not null) parts.Add($"batch {BatchSize}");
        if (LearningRate is not null) parts.Add(Invariant($"lr {LearningRate}"));
        if (LearningRateStepEpochs is not null)
            parts.Add(Invariant($"x{LearningRateStepFactor ?? 0.1} every {LearningRateStepEpochs} epochs"));
        else if (MinLearningRate is not null) parts.Add(Invariant($"cosine per step to {MinLearningRate:0.#########}"));
        if (Momentum is not null) parts.Add(Invariant($"momentum {Momentum}{(Nesterov == true ? " nesterov" : "")}"));
        if (WeightDecay is not null) parts.Add(Invariant($"wd {WeightDecay}"));
        return parts.Count == 0 ? "trainer defaults" : string.Join(", ", parts);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
