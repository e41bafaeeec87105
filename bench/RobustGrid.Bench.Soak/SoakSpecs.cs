using System.Globalization;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Bench.Soak;

/// <summary>
/// The two sweeps of a soak. The base sweep trains the classifier that AdvBN fine-tunes, DynTTA enhances and NaTra
/// makes its stages with; the soak sweep then draws methods and learning rates at random, so that every quarter of
/// the run holds every method. Trials are tiny (a few hundred Fashion-MNIST images, one epoch): the soak measures
/// what a trial leaves behind, not how long training takes.
/// </summary>
internal static class SoakSpecs
{
    public const string BaseName = "soak-base";
    public const string SoakName = "soak";

    public static readonly string[] Methods = ["erm", "augmix", "ipmix", "adv-mixup", "advbn", "natra", "dyntta"];

    private const string Evaluation =
        "evaluation: {suite: fashion-mnist-c, corruptions: [gaussian_noise, fog], severities: [3]}";

    public const string Base = $$"""
        name: {{BaseName}}
        dataset: fashion-mnist
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          epochs: {value: 1}
          train_limit: {value: 600}
          test_limit: {value: 200}
        seeds: [0]
        {{Evaluation}}
        """;

    /// <summary>Methods that build on the base sweep's classifier.</summary>
    public static bool NeedsClassifier(IEnumerable<string> methods) =>
        methods.Any(SmallestMethodSettings.BuildsOnClassifier);

    /// <param name="trials">Trials in the sweep (run_cap counts trials, seeds included).</param>
    public static string Soak(int trials, IReadOnlyList<string> methods)
    {
        var runCap = trials.ToString(CultureInfo.InvariantCulture);
        // Every trial names the one base classifier, so NaTra's stages are made once and shared.
        var hyperparameters =
            string.Concat(methods.Select(m => SmallestMethodSettings.For(m, $"trial:{BaseName}/best")));
        return $$"""
            name: {{SoakName}}
            dataset: fashion-mnist
            method: random
            run_cap: {{runCap}}
            metric: {name: clean/error, goal: minimize}
            parameters:
              method: {values: [{{string.Join(", ", methods)}}]}
              model: {value: small-cnn}
              learning_rate: {distribution: uniform, min: 0.01, max: 0.05}
              batch_size: {value: 64}
              epochs: {value: 1}
              train_limit: {value: 300}
              test_limit: {value: 200}
            {{hyperparameters}}seeds: [0, 1]
            parallel_trials: 2
            max_failures: 1
            {{Evaluation}}
            """;
    }
}
