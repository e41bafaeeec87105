namespace RobustGrid.Corruptions.Suite;

/// <summary>Opens a published suite folder in either layout: CIFAR-10-C (NAME.npy + labels.npy) or ImageNet-C
/// (CORRUPTION/SEVERITY/CLASS/*.JPEG).</summary>
public static class PublishedSuite
{
    public static ICorruptedSuite Open(string folder, IReadOnlyList<string>? corruptions = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"suite folder '{folder}' does not exist");
        if (File.Exists(Path.Combine(folder, CifarCFolder.LabelsFile)))
            return new FolderSuite(folder, corruptions: corruptions);
        if (ImageFolderSuite.LooksLikeOne(folder)) return new ImageFolderSuite(folder, corruptions: corruptions);
        throw new FileNotFoundException(
            $"'{folder}' is neither a CIFAR-10-C folder (NAME.npy + {CifarCFolder.LabelsFile}) nor an ImageNet-C " +
            "folder (CORRUPTION/SEVERITY/CLASS/*.JPEG)");
    }
}
