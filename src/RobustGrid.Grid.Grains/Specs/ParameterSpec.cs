namespace RobustGrid.Grid.Grains.Specs;

/// <summary>One entry of <c>parameters</c>. Values are kept as invariant text; numeric kinds use Min/Max (or
/// Mu/Sigma).</summary>
public sealed record ParameterSpec(string Name, ParameterKind Kind, IReadOnlyList<string> Values, double Min,
    double Max, double Q)
{
    public bool IsSearchable => Kind is not ParameterKind.Constant;

    public bool IsNumeric => Kind is not (ParameterKind.Constant or ParameterKind.Categorical);
}
