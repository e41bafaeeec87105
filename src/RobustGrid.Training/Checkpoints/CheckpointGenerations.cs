using System.Globalization;

namespace RobustGrid.Training.Checkpoints;

/// <summary>
/// A run folder keeps two generations of its checkpoint: the latest and the one it replaced. Resuming takes the newest
/// generation that verifies. A damaged one is renamed to <c>*.damaged</c>, kept for inspection but never read again, so
/// a bit flip or a torn copy costs the epochs since the previous generation (both damaged: a fresh start), not the run.
/// </summary>
public static class CheckpointGenerations
{
    public const string DamagedSuffix = ".damaged";

    /// <summary>The previous generation of a checkpoint: checkpoint.previous.rgck beside checkpoint.rgck.</summary>
    public static string PreviousOf(string latest) => Path.Combine(Path.GetDirectoryName(latest) ?? "",
        Path.GetFileNameWithoutExtension(latest) + ".previous" + Path.GetExtension(latest));

    /// <summary>The newest generation of <paramref name="latest"/> that verifies, the damaged ones set aside.</summary>
    public static CheckpointResume FindResumable(string latest)
    {
        var setAside = new List<DamagedCheckpoint>();
        foreach (var path in (string[])[latest, PreviousOf(latest)])
        {
            if (!File.Exists(path)) continue;
            try
            {
                return new CheckpointResume(CheckpointFile.Open(path), setAside);
            }
            catch (CheckpointCorruptException e)
            {
                File.Move(path, path + DamagedSuffix, overwrite: true);
                setAside.Add(new DamagedCheckpoint(path, path + DamagedSuffix, e.Problem));
            }
        }
        return new CheckpointResume(null, setAside);
    }
}

/// <summary>A checkpoint that failed verification, and the name it was set aside under.</summary>
public sealed record DamagedCheckpoint(string Path, string SetAsideAs, string Problem);

/// <summary>Where a run resumes from.</summary>
/// <param name="Checkpoint">The newest generation that verifies; null to start from scratch.</param>
/// <param name="SetAside">Generations that failed verification on the way, newest first.</param>
public sealed record CheckpointResume(VerifiedCheckpoint? Checkpoint, IReadOnlyList<DamagedCheckpoint> SetAside)
{
    /// <summary>What a damaged checkpoint cost, in a sentence for a warning; null when none was damaged.</summary>
    public string? Warning
    {
        get
        {
            if (SetAside.Count == 0) return null;
            var damaged = string.Join("; ", SetAside.Select(d =>
                $"{d.Path} failed verification ({d.Problem}), set aside as {Path.GetFileName(d.SetAsideAs)}"));
            var resumed = Checkpoint is { } c
                ? string.Create(CultureInfo.InvariantCulture,
                    $"resuming from the previous checkpoint ({c.Metadata.EpochsCompleted} epochs)")
                : "no checkpoint is left that verifies: starting from scratch";
            return $"{damaged}; {resumed}";
        }
    }
}
