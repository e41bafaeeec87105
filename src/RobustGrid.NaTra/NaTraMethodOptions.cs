using RobustGrid.Catalog.Settings;

namespace RobustGrid.NaTra;

/// <summary>Which latent codes stage 5 renders x′ from (a named option of the reconstruction).</summary>
public enum LatentCodes
{
    /// <summary>Stage 3's cached expansion of each training image (N codes, per-channel weights).</summary>
    Expanded,
    /// <summary>Stage 2's single refined code: one generator pass per image, and no expansion needed.</summary>
    Single,
}

/// <summary>Stage 5's named options (the trainer's --set key=value).</summary>
public sealed record NaTraMethodOptions(string StageDirectory)
{
    /// <summary>Magnitude bound; null: the bound stage 4 selected the directions with.</summary>
    public double? Bound { get; init; }
    public int AttackSteps { get; init; } = 3;
    /// <summary>Sign-gradient step as a fraction of the bound.</summary>
    public double StepFraction { get; init; } = 0.5;
    public double LossWeight { get; init; } = 1.0;
    public bool RandomStart { get; init; } = true;
    public TransformMode Transform { get; init; } = TransformMode.Residual;
    public LatentCodes Codes { get; init; } = LatentCodes.Expanded;

    /// <summary>Stage 5's options; a bound of 0 means the bound stage 4 selected the directions with.</summary>
    public static NaTraMethodOptions From(SettingValues values)
    {
        var stages = values.OptionalText("stages")
            ?? throw new ArgumentException("method 'natra' needs stages=<folder of 'robustgrid natra'>");
        var bound = values.Double("bound");
        return new NaTraMethodOptions(stages)
        {
            Bound = bound == 0 ? null : bound,
            AttackSteps = values.Int("attack-steps"),
            StepFraction = values.Double("step-fraction"),
            LossWeight = values.Double("loss-weight"),
            RandomStart = values.Bool("random-start"),
            Transform = NaturalTransform.ParseMode(values.Text("transform")),
            Codes = ParseCodes(values.Text("codes")),
        };
    }

    public static LatentCodes ParseCodes(string text) => text switch
    {
        "expanded" => LatentCodes.Expanded,
        "single" => LatentCodes.Single,
        _ => throw new ArgumentException($"natra: codes '{text}' is not expanded or single"),
    };
}
