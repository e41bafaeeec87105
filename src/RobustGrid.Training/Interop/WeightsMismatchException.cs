namespace RobustGrid.Training.Interop;

/// <summary>A state dict that does not fit the architecture, with every tensor that is wrong.</summary>
public sealed class WeightsMismatchException(
    IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> wrongShape)
    : Exception(Describe(missing, unexpected, wrongShape))
{
    public IReadOnlyList<string> Missing { get; } = missing;
    public IReadOnlyList<string> Unexpected { get; } = unexpected;
    public IReadOnlyList<string> WrongShape { get; } = wrongShape;

    private static string Describe(
        IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> wrongShape)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {missing.Count}: {string.Join(", ", missing)}");
        if (unexpected.Count > 0) parts.Add($"unexpected {unexpected.Count}: {string.Join(", ", unexpected)}");
        if (wrongShape.Count > 0) parts.Add($"wrong shape {wrongShape.Count}: {string.Join("; ", wrongShape)}");
        return "the weights do not fit the architecture, nothing was loaded; " + string.Join("; ", parts);
    }
}
