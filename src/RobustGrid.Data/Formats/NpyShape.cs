namespace RobustGrid.Data.Formats;

/// <summary>Shape helpers, with NumPy's tuple spelling so error messages read like the Python side.</summary>
public static class NpyShape
{
    public static long Count(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var d in shape) count = checked(count * d);
        return count;
    }

    public static string Format(IReadOnlyList<long> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
