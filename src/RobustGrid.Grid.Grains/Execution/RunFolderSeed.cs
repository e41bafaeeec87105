namespace RobustGrid.Grid.Grains.Execution;

/// <summary>
/// Starts a run folder as a copy of another one of the checkpoint store (population-based training's exploit: the
/// trial continues its parent's checkpoint). Runs on the slot's worker thread, never on a grain turn. The copy counts
/// only once its marker is written last, so an attempt killed mid-copy is copied again by the next one, and an attempt
/// that finds the marker resumes from whatever the folder has trained since.
/// </summary>
public static class RunFolderSeed
{
    /// <summary>Written into a seeded run folder after every file of the parent's: the parent's folder.</summary>
    public const string MarkerName = "started-from.txt";

    private const string PartialSuffix = ".copying";

    public static void Ensure(string source, string runDirectory)
    {
        var marker = Path.Combine(runDirectory, MarkerName);
        if (File.Exists(marker)) return;
        if (!Directory.Exists(source))
            throw new DirectoryNotFoundException(
                $"the parent run folder {source} is missing from the checkpoint store");
        Directory.CreateDirectory(runDirectory);
        // A lost attempt's partial copy is redone from scratch.
        foreach (var stale in Directory.GetFiles(runDirectory)) File.Delete(stale);
        foreach (var file in Directory.GetFiles(source))
        {
            var name = Path.GetFileName(file);
            if (name == MarkerName || name.EndsWith(PartialSuffix, StringComparison.Ordinal)) continue;
            var target = Path.Combine(runDirectory, name);
            File.Copy(file, target + PartialSuffix, overwrite: true);
            File.Move(target + PartialSuffix, target, overwrite: true);
        }
        File.WriteAllText(marker + PartialSuffix, source);
        File.Move(marker + PartialSuffix, marker, overwrite: true);
    }
}
