using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RobustGrid.Catalog;

/// <summary>
/// How a dataset is named wherever one is given (CLI, sweep spec, checkpoint): a built-in name
/// (<see cref="DatasetNames"/>), a name registered with <c>robustgrid datasets add</c>, or <c>folder:PATH</c> for an
/// image folder named inline.
/// </summary>
public static partial class DatasetReference
{
    public const string FolderPrefix = "folder:";
    public const int MaxNameLength = 64;

    public static bool IsBuiltIn(string dataset) => DatasetNames.Names.Contains(dataset);

    /// <summary>The folder of a <c>folder:PATH</c> reference, or null for a name.</summary>
    public static string? FolderPath(string dataset) =>
        dataset.StartsWith(FolderPrefix, StringComparison.Ordinal) ? dataset[FolderPrefix.Length..] : null;

    /// <summary>A short label for file and folder names: the folder's own name for <c>folder:PATH</c>.</summary>
    public static string Label(string dataset) =>
        FolderPath(dataset) is { } path ? Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) : dataset;

    /// <summary>The dataset as one file-name part, for caches: a name as it is (names are file-safe); a
    /// <c>folder:PATH</c>, which holds slashes, as its folder's name made file-safe and a hash of the whole reference,
    /// so that two folders of one name stay apart.</summary>
    public static string FileNamePart(string dataset)
    {
        if (FolderPath(dataset) is null) return dataset;
        var label = new string(Label(dataset).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')
            .Take(32).ToArray());
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataset)))[..12].ToLowerInvariant();
        return $"folder-{label}-{hash}";
    }

    /// <summary>Whether <paramref name="name"/> may be registered: lower-case letters, digits, '-', '_' and '.' (not
    /// first), at most <see cref="MaxNameLength"/> characters, and not a built-in name.</summary>
    public static bool IsRegistrableName(string name) => RegisteredName().IsMatch(name) && !IsBuiltIn(name);

    /// <summary>Whether the text can name a dataset at all; whether that dataset exists is the catalog's to
    /// say.</summary>
    public static bool IsWellFormed(string dataset) =>
        IsBuiltIn(dataset) || FolderPath(dataset) is { Length: > 0 } || IsRegistrableName(dataset);

    /// <summary>The forms a dataset may take, for error messages.</summary>
    public static string Forms =>
        $"{string.Join(", ", DatasetNames.Names)}, a registered dataset (robustgrid datasets list) or "
        + $"{FolderPrefix}PATH";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex RegisteredName();
}
