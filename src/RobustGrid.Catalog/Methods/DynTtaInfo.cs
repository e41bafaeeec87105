using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

/// <summary>
/// DynTTA: a test-time enhancer trained through a frozen classifier, a pipeline rather than a training method. Its
/// options are train.py's recipe by name: SGD lr 1e-4, momentum 0.9, weight decay 1e-3, batch 64, 60 epochs, learning
/// rate halved every 10 epochs, shift probability 15/16, random resized crops and flips; URIE first with lr 1e-3.
/// </summary>
public static class DynTtaInfo
{
    /// <summary>Differentiable operations the enhancer blends.</summary>
    public const int OperationCount = 50;

    public const string ModeSetting = "mode", NonBlindMode = "non-blind", BlindMode = "blind";

    /// <summary>
    /// Whether a <c>mode</c> value (null: the default) trains on the corruptions the enhancer is scored on.
    /// </summary>
    public static bool IsNonBlind(string? mode) => (mode ?? NonBlindMode) == NonBlindMode;

    public static readonly IReadOnlyList<Setting> StageOptions =
    [
        new ChoiceSetting("predictor", "Predictor network (randomly initialised: no ImageNet weights are available).",
            ModelNames.SmallCnn, ModelNames.Names),
        new ChoiceSetting(ModeSetting, "non-blind: train on known corruptions; blind: on AugMix views.", NonBlindMode,
            [NonBlindMode, BlindMode]),
        new IntSetting("urie-epochs", "Stage 2 (URIE) epochs.", 60, 0, 10_000),
        new DoubleSetting("urie-lr", "Stage 2 learning rate.", 1e-3, 0, 10, MinExclusive: true),
        new IntSetting("epochs", "Stage 3 (enhancer) epochs.", 60, 0, 10_000),
        new DoubleSetting("lr", "Stage 3 learning rate.", 1e-4, 0, 10, MinExclusive: true),
        new DoubleSetting("momentum", "SGD momentum of both stages.", 0.9, 0, 1),
        new DoubleSetting("weight-decay", "SGD weight decay of both stages.", 1e-3, 0, 1),
        new IntSetting("batch-size", "Batch size of both stages.", 64, 1, 100_000),
        new IntSetting("lr-step", "Learning rate multiplied by lr-gamma every this many epochs.", 10, 1, 10_000),
        new DoubleSetting("lr-gamma", "Factor of each learning-rate step.", 0.5, 0, 1, MinExclusive: true),
        new DoubleSetting("shift-probability",
            "Chance that a training image is shifted (empty: 15/16 non-blind, 1 blind).", null, 0, 1),
        new BoolSetting("random-resized-crop",
            "Crop each training image (scale 0.08-1, ratio 3/4-4/3) and resize it back (train.py); "
            + "turn off for images of 32 px or less.", true),
        new BoolSetting("horizontal-flip", "Flip each training image with probability 0.5 (train.py).", true),
        new IntSetting("seed", "Seed of both stages.", 0, long.MinValue, long.MaxValue),
    ];

    public static readonly MethodInfo Info = new("dyntta",
        "DynTTA: a test-time enhancer (predictor + 50 operations + URIE) trained through a frozen classifier.",
        StageOptions,
        MethodRecipe.None)
    {
        RequiredInput = "checkpoint: the trained classifier to enhance",
        SweepOnly =
        [
            new PathSetting("checkpoint", "The trained classifier to enhance.", null,
                "a checkpoint.rgck, its run folder or trial:<id>"),
        ],
        NotInSweeps = new Dictionary<string, string>
        {
            ["epochs"] = "a dyntta trial's stage-3 epochs are the sweep's 'epochs'",
            ["seed"] = "a dyntta trial's seed is the sweep's 'seeds'",
        },
    };
}
