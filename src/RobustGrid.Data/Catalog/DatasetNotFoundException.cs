namespace RobustGrid.Data.Catalog;

/// <summary>A dataset or asset found in none of the searched places.</summary>
public sealed class DatasetNotFoundException(string name, IReadOnlyList<string> tried, string howToGet)
    : Exception($"'{name}' was not found. Looked in:\n  {string.Join("\n  ", tried)}\n{howToGet}")
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Tried { get; } = tried;
}
