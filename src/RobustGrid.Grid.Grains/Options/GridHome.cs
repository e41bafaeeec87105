using RobustGrid.Data.Files;

namespace RobustGrid.Grid.Grains.Options;

/// <summary>
/// A silo's data folder and the id that names it. The id is written into the folder (<see cref="IdFileName"/>) the
/// first time a silo uses it, so a client can tell whether the grid that answered keeps its data in the folder the
/// client means, whatever path either of them sees it under.
/// </summary>
/// <param name="Store">Where the grid keeps its state, as <see cref="Contracts.GridIdentity.Store"/> says it.</param>
public sealed record GridHome(string Folder, string Id, string Store)
{
    public const string IdFileName = "grid-id";

    /// <summary>A silo without a data folder of its own (in-process test clusters).</summary>
    public static readonly GridHome None = new("", "", "in-process storage");

    /// <summary>
    /// The folder's home, its id written first if it has none. A folder this process cannot write keeps no id; clients
    /// then compare its path.
    /// </summary>
    public static GridHome Open(string folder, string store)
    {
        var full = Path.GetFullPath(folder);
        if (ReadId(full) is { } id) return new GridHome(full, id, store);
        try
        {
            // Not overwriting: when two silos start on a new folder at once, the first id written stays.
            AtomicFile.WriteTo(Path.Combine(full, IdFileName),
                temporary => File.WriteAllText(temporary, Guid.NewGuid().ToString("N")), overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder this process cannot write keeps no id.
        }
        return new GridHome(full, ReadId(full) ?? "", store);
    }

    /// <summary>The id of the folder, or null when no silo has used it yet.</summary>
    public static string? ReadId(string folder)
    {
        var path = Path.Combine(folder, IdFileName);
        var id = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        return id.Length > 0 ? id : null;
    }
}
