using RobustGrid.Catalog;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// The datasets a spec may name: the built-in ones, those registered on the grid's machines
/// (<c>robustgrid datasets add</c>, which only their operator can run), and <c>folder:PATH</c> inside the data roots
/// the operator configured. A spec may come from anyone who can reach the grid, and a silo would read whatever folder
/// it names; as for inputs, the check reads the text alone.
/// </summary>
public sealed class DatasetSandbox(InputSandbox dataRoots, Func<string, bool> isRegistered)
{
    private const int MaxQuotedLength = 80;

    /// <summary>Built-in datasets only.</summary>
    public static DatasetSandbox BuiltInOnly { get; } = new(InputSandbox.None, _ => false);

    public InputSandbox DataRoots { get; } = dataRoots;

    /// <summary>Why <paramref name="dataset"/> is refused, or null when it is allowed.</summary>
    public string? Refusal(string dataset)
    {
        if (DatasetReference.IsBuiltIn(dataset)) return null;
        if (DatasetReference.FolderPath(dataset) is { } path)
        {
            if (DataRoots.Allows(path)) return null;
            var roots = DataRoots.Roots.Count == 0 ? "none are configured (RobustGrid:Cluster:DataRoots)"
                : string.Join(", ", DataRoots.Roots);
            return $"'{Quote(path)}' is not an absolute folder inside the grid's data roots; they are: {roots}";
        }
        if (DatasetReference.IsRegistrableName(dataset) && isRegistered(dataset)) return null;
        return $"unknown dataset '{Quote(dataset)}'; known: {DatasetReference.Forms} inside the grid's data roots";
    }

    /// <summary>The text as an error message may repeat it: short, without control characters.</summary>
    private static string Quote(string text)
    {
        var plain = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return plain.Length <= MaxQuotedLength ? plain : plain[..MaxQuotedLength] + "…";
    }
}
