namespace RobustGrid.Data;

/// <summary>A dataset file that is truncated, corrupt or not of the expected format.</summary>
public sealed class DataFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
}
