using RobustGrid.Catalog;
using RobustGrid.Catalog.Methods;
using RobustGrid.Grid.Contracts;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// What a spec may name beyond the shared catalog (RobustGrid.Catalog: datasets, models, methods, training settings,
/// corruptions, attacks, precisions): search methods, devices, per-epoch metrics and leaderboard metrics. No
/// TorchSharp, so validation runs on any silo or client.
/// </summary>
public static class GridCatalog
{
    public static readonly IReadOnlyList<string> SearchMethods =
        ["grid", "random", "tpe", Bohb, NsgaII, PopulationRules.Method];

    /// <summary>Multi-objective: NSGA-II over the objectives that <c>metric</c> lists.</summary>
    public const string NsgaII = "nsga2";

    /// <summary>TPE models per Hyperband budget (Falkner et al. 2018); needs early_terminate type hyperband.</summary>
    public const string Bohb = "bohb";

    public static readonly IReadOnlyList<string> Devices = ["auto", "cpu", "cuda"];

    /// <summary>Per-epoch metrics ASHA can use.</summary>
    public static readonly IReadOnlyList<string> EpochMetrics = ["test_accuracy", "train_accuracy", "train_loss"];

    /// <summary>
    /// The suites a spec on <paramref name="dataset"/> may name: clean, its own suite, and the suites open to any
    /// dataset (the evaluator refuses one whose image size does not match the dataset's).
    /// </summary>
    public static IReadOnlyList<string> SuitesFor(string dataset) =>
        [
            .. new[] { "clean" }
                .Concat(DatasetNames.SuiteOf.TryGetValue(dataset, out var suite) ? [suite] : Array.Empty<string>())
                .Concat(SuiteNames.AnyDataset)
                .Concat(dataset == PerturbationNames.Dataset ? [PerturbationNames.Suite] : Array.Empty<string>())
                .Distinct(),
        ];

    /// <summary>
    /// The suite as the leaderboard names it, so that only entries scored the same way are ranked together: the suite
    /// itself for the whole protocol, else marked, in this order, with the corruptions scored when they are not the
    /// suite's full set (<c>@c:fog+gaussian_noise</c>, sorted, for up to three; <c>@c7-1a2b3c</c>, their count and a
    /// hash of their sorted names, for more), the severities when not all five (<c>@s3</c>, <c>@s1,2</c>) and the
    /// test images per corruption and severity when <c>n_examples</c> limits them (<c>@n200</c>). Each corruption's
    /// error and mCE average what was scored, so entries scored otherwise are never ranked together.
    /// </summary>
    public static string BoardSuite(EvaluationSpec evaluation)
    {
        var board = new System.Text.StringBuilder(evaluation.Suite);
        if (BoardCorruptions(evaluation) is { } corruptions) board.Append("@c").Append(corruptions);
        if (evaluation.Severities.Length is not (0 or CorruptionNames.MaxSeverity))
            board.Append("@s").Append(string.Join(',', evaluation.Severities));
        if (evaluation.Examples is { } images)
            board.Append("@n").Append(images.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return board.ToString();
    }

    /// <summary>The board's corruption mark without its "@c", or null when the suite's full set is scored: none
    /// listed, the 15 benchmark corruptions or every one the suite has.</summary>
    private static string? BoardCorruptions(EvaluationSpec evaluation)
    {
        if (evaluation.Suite == "clean" || evaluation.Corruptions.Length == 0) return null;
        var names = evaluation.Corruptions.Distinct().Order(StringComparer.Ordinal).ToArray();
        IReadOnlyList<string>[] full = evaluation.Suite == PerturbationNames.Suite
            ? [PerturbationNames.Names]
            : [CorruptionNames.Benchmark, CorruptionNames.Names];
        if (full.Any(set => set.Count == names.Length && set.All(names.Contains))) return null;
        if (names.Length <= 3) return ":" + string.Join('+', names);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(',', names)));
        return $"{names.Length}-{Convert.ToHexStringLower(hash)[..6]}";
    }

    /// <summary>The method whose trials train DynTTA's enhancer instead of a classifier.</summary>
    public static string DynTta => DynTtaInfo.Info.Name;

    /// <summary>
    /// The trial's leaderboard protocol: non-blind for DynTTA trials whose enhancer trains on the engine's corruptions
    /// (mode non-blind, the default), which are the corruption suite's types, and for every <c>dyntta-augment</c>
    /// trial, whose ops were chosen by DynTTA's weights on the suite's own corrupted images whatever the enhancer's
    /// mode; blind for every other trial.
    /// </summary>
    public static string Protocol(TrialSpec spec) =>
        spec.Method == DynTtaAugmentInfo.Info.Name
        || (spec.Method == DynTta
            && DynTtaInfo.IsNonBlind(spec.Parameters.GetValueOrDefault($"{DynTta}.{DynTtaInfo.ModeSetting}")))
            ? LeaderboardProtocols.NonBlind
            : LeaderboardProtocols.Blind;

    /// <summary>Leaderboard metric names a sweep may optimise.</summary>
    public static bool IsKnownMetric(string metric)
    {
        if (MetricNames.Summary.Contains(metric) || AttackNames.Names.Contains(metric)) return true;
        if (metric is MetricNames.MeanFlipProbability or MetricNames.MeanTopFiveDistance) return true;
        var parts = metric.Split('/');
        if (parts.Length == 3 && parts[0] == "perturbation" && PerturbationNames.Names.Contains(parts[1]))
            return metric == MetricNames.FlipProbability(parts[1]) || metric == MetricNames.TopFiveDistance(parts[1]);
        if (parts.Length is 2 or 3 && parts[0] == "corruption" && CorruptionNames.Names.Contains(parts[1]))
            return parts.Length == 2 || int.TryParse(parts[2], out var s)
                && s is >= 1 and <= CorruptionNames.MaxSeverity;
        return false;
    }
}
