using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Evaluation;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Pictures;
using RobustGrid.Training.Stages;
using RobustGrid.TestTime.Operations;
using RobustGrid.TestTime.Shifts;
using RobustGrid.TestTime.Urie;
using RobustGrid.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>What a DynTTA run produced (dyntta-report.json in the stage folder).</summary>
public sealed record DynTtaReport
{
    public const string FileName = "dyntta-report.json";

    public required DynTtaOptions Options { get; init; }
    public required string Classifier { get; init; }
    public required string TrainingShift { get; init; }
    public required string EvaluationSuite { get; init; }
    public required EnhancerStageState Urie { get; init; }
    public required EnhancerStageState DynTta { get; init; }
    /// <summary>The classifier alone ("none"), behind URIE and behind DynTTA; errors and mCE as fractions.</summary>
    public required List<RobustnessSummary> Scores { get; init; }
    /// <summary>The operations with the largest mean weight on the corrupted evaluation images.</summary>
    public required List<OperationWeight> TopOperations { get; init; }
    public required double EvaluationSeconds { get; init; }
}

public sealed record OperationWeight(string Operation, double Weight, double Magnitude);

/// <summary>
/// DynTTA as stages in one folder: (1) the frozen classifier (an input checkpoint), (2) URIE trained through it,
/// (3) the DynTTA enhancer (predictor + 50 operations, URIE starting from stage 2 and trained jointly, as train.py
/// optimises all enhancer parameters), then evaluation beside the classifier alone and an estimated augmentation
/// policy (reconstruction). Stages 2 and 3 resume by epoch.
/// </summary>
public static class DynTtaPipeline
{
    public const string UrieFile = "stage2-urie.rgst";
    public const string DynTtaFile = "stage3-dyntta.rgst";
    public const string ScoresFile = "eval-scores.json";

    /// <param name="suites">Where the evaluation suite comes from (generated and cached as for <c>robustgrid
    /// eval</c>).</param>
    /// <param name="evaluation">The evaluation suite: the classifier's dataset's generated corruption suite.</param>
    public static DynTtaReport Run(DynTtaOptions options, FrozenClassifier classifier, string classifierPath,
        DeviceImageSet train, ICorruptionSuite trainingSuite, SuiteFactory suites, SuiteRequest evaluation,
        string stageDirectory, Action<string>? log = null, CancellationToken cancellation = default)
    {
        var (urieState, dynState) =
            TrainStages(options, classifier, train, trainingSuite, stageDirectory, log, cancellation);
        var trainingShift = TrainingShift(options, trainingSuite);
        var device = train.Images.device;
        using var urie = SeededConstruction.Unseeded(() => new SkUNet());
        StageCheckpoint.Load<EnhancerStageState>(Path.Combine(stageDirectory, UrieFile), [urie]);
        urie.to(device);
        urie.eval();
        using var enhancer = LoadEnhancer(options, train.Height, Path.Combine(stageDirectory, DynTtaFile), device);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The evaluation is the slow part: its scores are kept beside the stages and reused only for the same
        // evaluation of the same models (classifier, both stages' epochs, suite), and only while neither stage file is
        // newer than the scores.
        var scoresPath = Path.Combine(stageDirectory, ScoresFile);
        var description = $"{Describe(evaluation)}, classifier {Path.GetFullPath(classifierPath)}, " +
                          $"urie epochs {urieState.EpochsDone}, dyntta epochs {dynState.EpochsDone}";
        var stagesWritten =
            new[] { UrieFile, DynTtaFile }.Max(f => File.GetLastWriteTimeUtc(Path.Combine(stageDirectory, f)));
        var cached = File.Exists(scoresPath) && File.GetLastWriteTimeUtc(scoresPath) > stagesWritten
            ? JsonSerializer.Deserialize<CachedScores>(File.ReadAllText(scoresPath), ReportJson)
            : null;
        List<RobustnessSummary> scores;
        if (cached is { } same && same.Evaluation == description)
        {
            scores = same.Scores;
        }
        else
        {
            scores = EnhancerEvaluation.Score(classifier,
                [(EnhancerEvaluation.None, null), ("urie", x => urie.call(x)), ("dyntta", x => enhancer.call(x))],
                new CheckpointEvaluator(suites), evaluation, device);
            File.WriteAllText(scoresPath, JsonSerializer.Serialize(new CachedScores(description, scores), ReportJson));
        }
        foreach (var s in scores)
            log?.Invoke($"dyntta eval {s.Name}: clean error {Percent(s.Clean.Error)}, " +
                $"mCE {Percent(s.MeanCorruptionError)} ({evaluation.Name})");

        var (suite, _) = suites.Create(evaluation);
        var policy = AugmentationPolicy.Estimate(enhancer, CorruptedBatches(suite, device));
        policy.Save(Path.Combine(stageDirectory, AugmentationPolicy.FileName));
        if (policy.SkippedImages > 0) log?.Invoke(
            $"dyntta policy: {policy.SkippedImages} corrupted images with non-finite predictor outputs left out");
        SaveExamples(enhancer, urie, suite, device, Path.Combine(stageDirectory, "enhanced.png"));

        var report = new DynTtaReport
        {
            Options = options,
            Classifier = classifierPath,
            TrainingShift = trainingShift.Name,
            EvaluationSuite = Describe(evaluation),
            Urie = urieState,
            DynTta = dynState,
            Scores = scores,
            TopOperations = policy.Operations.Select(
                (name, i) => new OperationWeight(name, policy.Weights[i], policy.Magnitudes[i]))
                .OrderByDescending(o => o.Weight).Take(10).ToList(),
            EvaluationSeconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(Path.Combine(stageDirectory, DynTtaReport.FileName),
            JsonSerializer.Serialize(report, ReportJson));
        return report;
    }

    /// <summary>The report's and the score cache's JSON: a NaN (e.g. mCE of a suite without benchmark corruptions) is
    /// written as "NaN".</summary>
    private static readonly JsonSerializerOptions ReportJson = new(CheckpointFile.Json)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A fraction as the log prints it: "24.70 %", or "-" for NaN (no benchmark corruption in the
    /// suite).</summary>
    private static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "-" : (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";

    private static string Describe(SuiteRequest evaluation) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{evaluation.Name} (seed {evaluation.Seed}, {(evaluation.Limit is { } n ? $"first {n}" : "all")} test " +
            $"images, " +
            $"corruptions {(evaluation.Corruptions is { } c ? string.Join(",", c) : "all")})");

    /// <summary>
    /// Stages 2 and 3 only: URIE, then the DynTTA enhancer, each resumed from its file in the stage folder by epoch.
    /// What the grid's DynTTA trials run; their evaluation is the grid evaluator's. <paramref name="epochDone"/> hears
    /// of every finished epoch of either stage.
    /// </summary>
    public static (EnhancerStageState Urie, EnhancerStageState DynTta) TrainStages(DynTtaOptions options,
        FrozenClassifier classifier,
        DeviceImageSet train, ICorruptionSuite trainingSuite, string stageDirectory, Action<string>? log = null,
        CancellationToken cancellation = default, Action<EnhancerStageState>? epochDone = null)
    {
        Directory.CreateDirectory(stageDirectory);
        var trainingShift = TrainingShift(options, trainingSuite);
        var device = train.Images.device;

        using var urie = SeededConstruction.Build(options.Seed, () => new SkUNet());
        urie.to(device);
        var urieState = EnhancerTraining.Run("urie", urie, classifier, train, trainingShift, options,
            options.UrieLearningRate, options.UrieEpochs, Path.Combine(stageDirectory, UrieFile), log, cancellation,
            epochDone);

        // URIE starts from stage 2 and is trained jointly (train.py optimises every enhancer parameter).
        using var enhancer = SeededConstruction.Build(options.Seed + 1, () => NewEnhancer(options, train.Height,
            urie => StageCheckpoint.Load<EnhancerStageState>(Path.Combine(stageDirectory, UrieFile), [urie])));
        enhancer.to(device);
        var dynState = EnhancerTraining.Run("dyntta", enhancer, classifier, train, trainingShift, options,
            options.LearningRate, options.Epochs, Path.Combine(stageDirectory, DynTtaFile), log, cancellation,
            epochDone);
        return (urieState, dynState);
    }

    /// <summary>The stage-3 enhancer from its file, in eval mode, built with the options it was trained
    /// under.</summary>
    internal static DynTtaEnhancer LoadEnhancer(DynTtaOptions options, int imageSize, string stage3Path, Device device)
    {
        var enhancer = SeededConstruction.Unseeded(() => NewEnhancer(options, imageSize));
        StageCheckpoint.Load<EnhancerStageState>(stage3Path, [enhancer]);
        enhancer.to(device);
        enhancer.eval();
        return enhancer;
    }

    /// <param name="prepareUrie">Runs on URIE before the enhancer takes it in (loads its weights).</param>
    private static DynTtaEnhancer NewEnhancer(DynTtaOptions options, int imageSize, Action<SkUNet>? prepareUrie = null)
    {
        // The predictor is made before URIE, so that a seeded run initialises the predictor as it always has.
        var predictor = ModelFactory.Create(options.Predictor, 3, 2 * OperationCatalog.Count, imageSize);
        var urie = new SkUNet();
        prepareUrie?.Invoke(urie);
        return new DynTtaEnhancer(predictor, urie);
    }

    private static IBatchShift TrainingShift(DynTtaOptions options, ICorruptionSuite trainingSuite) =>
        options.Mode == DynTtaMode.NonBlind ? new RandomCorruptionShift(trainingSuite) : new AugMixShift();

    /// <summary>The suite's first 500 images at every corruption × severity, as RGB batches in [0, 1] (for the policy
    /// estimate).</summary>
    private static IEnumerable<ShiftedBatch> CorruptedBatches(ICorruptedSuite suite, Device device)
    {
        var count = Math.Min(suite.Labels.Length, 500);
        foreach (var name in suite.Corruptions)
            foreach (var severity in Severity.All)
            {
                // The batch lives in this scope, which ends when the consumer asks for the next one.
                using var scope = NewDisposeScope();
                // The first batch alone: a suite of a test split on disk corrupts no more than it.
                var images = RgbUnit(suite, suite.Batches(name, severity, count).First(), 0, count, device);
                yield return new ShiftedBatch(name, severity, images);
            }
    }

    /// <summary>Rows: one corrupted test image per corruption (image i for the i-th corruption, severity 3), URIE's
    /// output, DynTTA's output.</summary>
    private static void SaveExamples(DynTtaEnhancer enhancer, SkUNet urie, ICorruptedSuite suite, Device device,
        string path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var columns = suite.Corruptions.Count;
        var x = cat([.. suite.Corruptions.Select(
            (name, c) => RgbUnit(suite, suite.Batches(name, 3, c % suite.Labels.Length + 1).First(),
                c % suite.Labels.Length, 1, device))], 0);
        PngGrid.Save(cat([x, urie.call(x).clamp(0, 1), enhancer.call(x)], 0), columns, path, scale: 3);
    }

    /// <summary>Images [start, start + count) of a suite's uint8 N×H×W×C set as RGB NCHW in [0, 1] on the
    /// device.</summary>
    private static Tensor RgbUnit(ICorruptedSuite suite, byte[] pixels, int start, int count, Device device)
    {
        using var scope = NewDisposeScope();
        var imageBytes = suite.Height * suite.Width * suite.Channels;
        var nhwc = tensor(pixels.AsSpan(start * imageBytes, count * imageBytes).ToArray(),
            [count, suite.Height, suite.Width, suite.Channels]);
        var unit = nhwc.permute(0, 3, 1, 2).to(ScalarType.Float32).div(255.0).to(device);
        return FrozenClassifier.ToRgb(unit).MoveToOuterDisposeScope();
    }
}

/// <summary>The scores of one evaluation of the stage-3 enhancer, with what was evaluated.</summary>
internal sealed record CachedScores(string Evaluation, List<RobustnessSummary> Scores);
