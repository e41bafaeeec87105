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

    private static string Evaluation(SoakSize size) =>
        $"evaluation: {{suite: fashion-mnist-c, corruptions: [{string.Join(", ", size.Corruptions)}], severities: " +
        $"[3]}}";

    public static string Base(SoakSize size) => $$"""
        name: {{BaseName}}
        dataset: fashion-mnist
        parameters:
          method: {value: erm}
          model: {value: small-cnn}
          epochs: {value: 1}
          train_limit: {value: {{2 * size.TrainLimit}}}
          test_limit: {value: {{size.TestLimit}}}
        seeds: [0]
        {{Evaluation(size)}}
        """;

    /// <summary>Methods that build on the base sweep's classifier.</summary>
    public static bool NeedsClassifier(IEnumerable<string> methods) =>
        methods.Any(SmallestMethodSettings.BuildsOnClassifier);

    /// <param name="trials">Trials in the sweep (run_cap counts trials, seeds included).</param>
    public static string Soak(int trials, IReadOnlyList<string> methods, SoakSize size)
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
              train_limit: {value: {{size.TrainLimit}}}
              test_limit: {value: {{size.TestLimit}}}
            {{hyperparameters}}seeds: [0, 1]
            parallel_trials: 2
            max_failures: 1
            {{Evaluation(size)}}
            """;
    }
}

/// <summary>How big each soak trial is: the soak measures what a trial leaves behind, so a long soak shrinks them.
/// </summary>
/// <param name="TrainLimit">Training images of a soak trial (the base classifier trains on twice as many).</param>
/// <param name="TestLimit">Test images each trial is scored on, clean and per corruption.</param>
internal sealed record SoakSize(int TrainLimit, int TestLimit, IReadOnlyList<string> Corruptions)
{
    public static readonly SoakSize Default = new(300, 200, ["gaussian_noise", "fog"]);
}
