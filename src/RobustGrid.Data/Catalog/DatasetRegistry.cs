using System.Text.Json;
using RobustGrid.Catalog;
using RobustGrid.Data.Files;
using RobustGrid.Data.Folders;

namespace RobustGrid.Data.Catalog;

/// <summary>
/// Image folders registered by name, kept in <c>datasets.json</c> under <c>ROBUSTGRID_HOME</c>. A registration
/// checks that the folder has a recognised layout (<see cref="ImageFolderIndex"/>); the file is written to a
/// temporary name and renamed, so a crash never leaves half a registry.
/// </summary>
public sealed class DatasetRegistry(string file)
{
    public const string FileName = "datasets.json";
    public const int MaxImageSize = 1024;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string File { get; } = file;

    public static DatasetRegistry Default() => new(Path.Combine(RobustGridPaths.Home, FileName));

    public IReadOnlyList<RegisteredDataset> List()
    {
        if (!System.IO.File.Exists(File)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<RegisteredDataset>>(System.IO.File.ReadAllBytes(File)) ?? [];
        }
        catch (JsonException e)
        {
            throw new DataFormatException(File, $"not a dataset registry ({e.Message})");
        }
    }

    public RegisteredDataset? Find(string name) => List().FirstOrDefault(d => d.Name == name);

    public bool Contains(string name) => Find(name) is not null;

    /// <summary>Registers (or re-registers) <paramref name="path"/> as <paramref name="name"/>; returns the folder's
    /// index.</summary>
    public ImageFolderIndex Add(string name, string path, int? imageSize)
    {
        if (!DatasetReference.IsRegistrableName(name))
            throw new ArgumentException(DatasetReference.IsBuiltIn(name)
                ? $"'{name}' is a built-in dataset; choose another name"
                : $"'{name}': use lower-case letters, digits, '-', '_' or '.' (not first), at most "
                    + $"{DatasetReference.MaxNameLength} characters", nameof(name));
        if (imageSize is { } size && size is < 8 or > MaxImageSize)
            throw new ArgumentException($"--image-size {size}: must be between 8 and {MaxImageSize}",
                nameof(imageSize));
        var index = ImageFolderIndex.Read(path);
        var entries = List().Where(d => d.Name != name)
            .Append(new RegisteredDataset(name, index.Root, imageSize))
            .OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var json = JsonSerializer.SerializeToUtf8Bytes(entries, Json);
        AtomicFile.Write(File, stream => stream.Write(json));
        return index;
    }
}
