using RobustGrid.Catalog.Settings;

namespace RobustGrid.NaTra;

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
        };
    }
}
