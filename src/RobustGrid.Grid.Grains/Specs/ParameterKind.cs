namespace RobustGrid.Grid.Grains.Specs;

/// <summary>The W&amp;B distributions we support.</summary>
public enum ParameterKind
{
    Constant,
    Categorical,
    IntUniform,
    Uniform,
    QUniform,
    /// <summary>W&amp;B's log_uniform: min and max are natural-log exponents.</summary>
    LogUniform,
    LogUniformValues,
    Normal,
}
