using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Training;
using RobustGrid.Data.Catalog;
using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Methods;
using RobustGrid.Training.Checkpoints;
using RobustGrid.NaTra;

namespace RobustGrid.Grid.Training;

/// <summary>
/// NaTra's stages 1-4 made by the grid. A <c>natra</c> trial that names its classifier (<c>natra.classifier</c>)
/// instead of a prepared folder (<c>natra.stages</c>) gets the stage folder of its inputs: the dataset, the training
/// images, the <c>natra.stage.&lt;option&gt;</c> options and the classifier's content. The folder is built once, by
/// whichever trial gets there first, under a lock that the others wait on, and then serves every trial with the same
/// inputs (seeds, learning rates, stage-5 options) on every silo. An interrupted build resumes: stage 1 by epoch, the
/// other stages from their files.
/// </summary>
internal static class NaTraTrials
{
    private static readonly string Method = NaTraInfo.Info.Name;
    private const string ClassifierParameter = "natra.classifier";
    private const string StagesParameter = "natra.stages";
    private const string StageOptionPrefix = "natra.stage.";
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Provenance in the stage folder: one line per build, naming the trial that made the stages.</summary>
    public const string BuildLogFile = "grid-builds.log";

    /// <summary>The spec to train: for a natra trial that names its classifier, with <c>natra.stages</c> set to the
    /// (now complete) stage folder; any other spec as it is.</summary>
    public static TrialSpec WithStages(TrainerJob job, string slotDevice, DatasetCatalog catalog,
        ICheckpointStore store, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        if (spec.Method != Method || !spec.Parameters.TryGetValue(ClassifierParameter, out var classifierValue))
            return spec;
        // The spec check (MethodInputRules) has refused a natra trial that names both a stage folder and a classifier.
        var classifierPath = CheckpointFile.Resolve(classifierValue);
        var stageSettings = spec.Parameters.Where(kv => kv.Key.StartsWith(StageOptionPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[StageOptionPrefix.Length..], kv => kv.Value);
        var options = NaTraOptions.Parse(stageSettings);
        options.Validate();
        var trainLimit = spec.Parameters.TryGetValue(TrainingSettings.TrainLimit, out var limit)
            ? int.Parse(limit, CultureInfo.InvariantCulture) : (int?)null;
        var folder = store.StageDirectory($"natra-{Key(spec.Dataset, trainLimit, stageSettings, classifierPath)}");

        using (AcquireLock(folder + ".lock", cancellationToken))
        {
            if (!NaTraPipeline.HasAllStages(folder))
            {
                var device = SlotDevices.Resolve(slotDevice);
                using var classifier = TrainedModel.Load(classifierPath, MethodRegistry.Create, device);
                if (classifier.Metadata.Config.Dataset != spec.Dataset)
                    throw new ArgumentException($"{ClassifierParameter} {classifierPath} was trained " +
                        $"on {classifier.Metadata.Config.Dataset}, not {spec.Dataset}");
                foreach (var p in classifier.Module.parameters()) p.requires_grad = false;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                NaTraPipeline.Run(options, catalog.Load(spec.Dataset).Train, trainLimit, classifier, device, folder,
                    cancellation: cancellationToken);
                File.AppendAllText(Path.Combine(folder, BuildLogFile), string.Create(CultureInfo.InvariantCulture,
                    $"{DateTime.UtcNow:O} trial {spec.TrialId} (attempt {job.Attempt}) " +
                    $"made stages 1-4 from {classifierPath} in {clock.Elapsed.TotalSeconds:F1} s\n"));
            }
        }
        var parameters = spec.Parameters
            .Where(kv => kv.Key != ClassifierParameter
                && !kv.Key.StartsWith(StageOptionPrefix, StringComparison.Ordinal))
            .ToDictionary();
        parameters[StagesParameter] = folder;
        return spec with { Parameters = parameters };
    }

    private static string Key(string dataset, int? trainLimit, Dictionary<string, string> stageSettings,
        string classifierPath)
    {
        var text = new StringBuilder()
            .Append(dataset).Append('\n')
            .Append(trainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all").Append('\n')
            .Append(CheckpointHash.Of(classifierPath)).Append('\n');
        foreach (var (key, value) in stageSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(value).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>An exclusive lock on a file (flock on Linux): held across processes and silos that share the
    /// folder.</summary>
    private static FileStream AcquireLock(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another trial builds the same stages; its folder is complete when it lets go.
                cancellationToken.WaitHandle.WaitOne(LockPoll);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
