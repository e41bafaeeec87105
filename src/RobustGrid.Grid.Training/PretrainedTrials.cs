using RobustGrid.Catalog.Methods;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Training.Checkpoints;

namespace RobustGrid.Grid.Training;

/// <summary>
/// Evaluation-only trials (method <c>pretrained</c>): the checkpoint that <c>pretrained.checkpoint</c> names, e.g. one
/// made by <c>robustgrid import</c>, is copied into the trial's run folder and the trial completes at epoch 0, so the
/// grid scores it like a trained checkpoint. A copy rather than a reference, because the evaluator sets a damaged
/// checkpoint aside (moves it), which must never happen to the user's file, and because the trial's folder then holds
/// what was scored. An imported checkpoint's weights-file SHA-256 travels with the result to the leaderboard.
/// </summary>
internal static class PretrainedTrials
{
    public const string Method = PretrainedInfo.Name;
    private const string CheckpointParameter = Method + ".checkpoint";

    public static TrialRunResult Run(TrainerJob job)
    {
        var spec = job.Spec;
        var source = spec.Parameters.TryGetValue(CheckpointParameter, out var value)
            ? CheckpointFile.Resolve(value)
            : throw new ArgumentException($"pretrained trials need '{CheckpointParameter}': the checkpoint to score " +
                "(a checkpoint.rgck or its run folder)");
        // Reading the metadata verifies the file: a damaged source fails the trial instead of being copied.
        var metadata = CheckpointFile.ReadMetadata(source);
        if (metadata.Config.Dataset != spec.Dataset || metadata.Config.Model != spec.Model)
            throw new ArgumentException($"{CheckpointParameter} {source} is a {metadata.Config.Model} for " +
                $"{metadata.Config.Dataset}; this trial is {spec.Model} on {spec.Dataset}");
        Directory.CreateDirectory(job.RunDirectory);
        var checkpoint = Path.Combine(job.RunDirectory, CheckpointFile.FileName);
        // Copied under another name and renamed, so a retry after a crash never sees half a file.
        var partial = checkpoint + ".copying";
        File.Copy(source, partial, overwrite: true);
        File.Move(partial, checkpoint, overwrite: true);
        return new TrialRunResult(RunOutcome.Completed, 0, checkpoint, CheckpointHash.Of(checkpoint), null, [],
            metadata.Imported?.Sha256);
    }
}
