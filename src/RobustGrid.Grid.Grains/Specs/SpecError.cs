namespace RobustGrid.Grid.Grains.Specs;

/// <summary>One validation error: the field path (e.g. "parameters.learning_rate.min") and what is allowed.</summary>
public sealed record SpecError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
