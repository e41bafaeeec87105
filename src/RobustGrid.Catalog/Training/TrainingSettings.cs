using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Training;

/// <summary>
/// The training options a user sets, with the same names, ranges and defaults on the command line
/// (<c>--batch-size</c>) and in a sweep (<c>batch_size</c>). Dataset, seed and device are given apart: the CLI's
/// <c>--dataset</c>/<c>--seed</c>/<c>--device</c>, a sweep's <c>dataset</c>/<c>seeds</c>/<c>resources.device</c>.
/// </summary>
public static class TrainingSettings
{
    public const string Method = "method", Model = "model", Epochs = "epochs", BatchSize = "batch_size",
        LearningRate = "learning_rate", MinLearningRate = "min_learning_rate", Momentum = "momentum",
        WeightDecay = "weight_decay", Nesterov = "nesterov", WarmupEpochs = "warmup_epochs",
        LearningRateStepEpochs = "learning_rate_step_epochs", LearningRateStepFactor = "learning_rate_step_factor",
        TrainLimit = "train_limit", TestLimit = "test_limit", Threads = "threads", Precision = "precision",
        ChannelsLast = "channels_last";

    private const string Owner = "training";

    public const int MaxEpochs = 10_000;

    public static readonly IReadOnlyList<Setting> All =
    [
        new ChoiceSetting(Method, "Training method (see 'robustgrid methods').", ErmInfo.Info.Name,
            MethodCatalog.Names),
        new ChoiceSetting(Model, "Model architecture; channels and classes follow the dataset.", ModelNames.SmallCnn,
            ModelNames.Names),
        new IntSetting(Epochs, "Training epochs.", 1, 1, MaxEpochs),
        new IntSetting(BatchSize, "Images per SGD step.", 128, 1, 65_536),
        new DoubleSetting(LearningRate,
            "Base learning rate (SGD); default 0.05 for small-cnn, 0.1 for the other models.", null, 0,
            double.PositiveInfinity, MinExclusive: true),
        new DoubleSetting(MinLearningRate, "Learning rate at the end of the cosine schedule (at most learning_rate).",
            0, 0, double.PositiveInfinity),
        new DoubleSetting(Momentum, "SGD momentum.", 0.9, 0, 0.999),
        new DoubleSetting(WeightDecay, "SGD weight decay.", 5e-4, 0, 1),
        new BoolSetting(Nesterov, "Nesterov momentum.", true),
        new IntSetting(WarmupEpochs, "Linear learning-rate warm-up epochs (fewer than epochs).", 0, 0, MaxEpochs - 1),
        new IntSetting(LearningRateStepEpochs,
            "0: cosine per step; N: multiply the learning rate by learning_rate_step_factor every N epochs.",
            0, 0, MaxEpochs),
        new DoubleSetting(LearningRateStepFactor, "Factor of each step decay.", 0.1, 0, 1, MinExclusive: true),
        new IntSetting(TrainLimit, "Train on the first N training images only (empty: all).", null, 1, int.MaxValue),
        new IntSetting(TestLimit, "Evaluate on the first N test images only (empty: all).", null, 1, int.MaxValue),
        new IntSetting(Threads, "CPU threads for torch (0: libtorch's default).", 0, 0, 1024),
        new ChoiceSetting(Precision,
            "fp32, tf32 (CUDA only) or bf16-mixed (fp32 master weights, bf16 convolutions and linears).",
            Precisions.Fp32, Precisions.Names),
        new BoolSetting(ChannelsLast, "Lay activations and convolution weights out NHWC (for cuDNN).", false),
    ];

    /// <summary>Short command-line forms kept beside the full names (<c>--lr</c> for <c>--learning-rate</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortAliases = new Dictionary<string, string>
    {
        [LearningRate] = "lr",
        [MinLearningRate] = "min-lr",
        [LearningRateStepEpochs] = "lr-step-epochs",
        [LearningRateStepFactor] = "lr-step-factor",
    };

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(s => s.Name)];

    /// <summary>
    /// The settings a run may change when it continues from another run's checkpoint (population-based training's
    /// exploit): they shape no tensor and no optimizer state, so the weights and the momentum buffers carry over
    /// unchanged and the new values apply from the next step on, as when Ray Tune's PBT edits an optimizer's
    /// param_groups. Nesterov is not among them: it changes what the momentum buffer means for the update.
    /// </summary>
    public static IReadOnlyList<string> Exploitable { get; } = [LearningRate, MinLearningRate, Momentum, WeightDecay];

    public static Setting Find(string name) => SettingValues.Find(Owner, All, name);

    /// <summary>
    /// The settings a run uses: those <paramref name="given"/> explicitly, then the method's recipe for the rest, then
    /// the defaults (the learning rate's default follows the model). Throws naming the setting when a value is bad.
    /// </summary>
    public static ResolvedSettings Resolve(IReadOnlyDictionary<string, string> given)
    {
        // Given values first, in canonical text: an unknown name or a bad value throws here, naming it.
        var values = given.ToDictionary(g => g.Key, g => Setting.Format(Find(g.Key).Parse(Owner, g.Value)));
        var recipe = MethodCatalog.Describe(values.GetValueOrDefault(Method, ErmInfo.Info.Name)).Recipe.Values;
        foreach (var setting in All.Where(s => !values.ContainsKey(s.Name)))
        {
            if (recipe.TryGetValue(setting.Name, out var fromRecipe)) values[setting.Name] = fromRecipe;
            else if (setting.Default is { } byDefault) values[setting.Name] = Setting.Format(byDefault);
        }
        values.TryAdd(LearningRate, Setting.Format(ModelNames.DefaultLearningRate(values[Model])));
        var resolved = new ResolvedSettings(SettingValues.Parse(Owner, All, values), values, given.Keys.ToHashSet());
        CheckTogether(resolved);
        return resolved;
    }

    /// <summary>The names of the settings a method's recipe fills where the user gives none.</summary>
    public static IReadOnlyList<string> FilledByRecipe(string method) =>
        [.. MethodCatalog.Describe(method).Recipe.Values.Keys];

    private static void CheckTogether(ResolvedSettings s)
    {
        var lr = s.Values.Double(LearningRate);
        if (s.Values.Double(MinLearningRate) > lr)
            throw new ArgumentException($"{Owner}: {MinLearningRate} = {s.Text[MinLearningRate]} is " +
                $"above {LearningRate} ({s.Text[LearningRate]}); accepted: [0, {LearningRate}]");
        if (s.Values.Int(WarmupEpochs) >= s.Values.Int(Epochs))
            throw new ArgumentException(
                $"{Owner}: {WarmupEpochs} = {s.Text[WarmupEpochs]} must be below {Epochs} ({s.Text[Epochs]})");
    }
}

/// <summary>Every training setting of a run, typed (<see cref="Values"/>) and as canonical text
/// (<see cref="Text"/>).</summary>
/// <param name="Given">The names the user set explicitly; the recipe and the defaults filled the others.</param>
public sealed record ResolvedSettings(SettingValues Values, IReadOnlyDictionary<string, string> Text,
    IReadOnlySet<string> Given);
