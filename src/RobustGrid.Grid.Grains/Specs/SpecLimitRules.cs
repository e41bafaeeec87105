using System.Globalization;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// The operator's <see cref="SweepLimits"/> applied to a spec: every check reads a number the spec states, before
/// anything that number sizes is built, and a refusal names the field, the limit and the setting that holds it.
/// </summary>
internal static class SpecLimitRules
{
    /// <summary>One limit: what it counts, and where the operator sets it.</summary>
    public sealed record Limit(string Unit, string Setting, Func<SweepLimits, int> Of);

    public static readonly Limit SpecBytes = new("bytes", nameof(SweepLimits.MaxSpecBytes), l => l.MaxSpecBytes);
    public static readonly Limit Epochs = new("epochs", nameof(SweepLimits.MaxEpochs), l => l.MaxEpochs);
    public static readonly Limit Images = new("images", nameof(SweepLimits.MaxImages), l => l.MaxImages);
    public static readonly Limit BatchSize =
        new("images per batch", nameof(SweepLimits.MaxBatchSize), l => l.MaxBatchSize);
    public static readonly Limit Seeds = new("seeds", nameof(SweepLimits.MaxSeeds), l => l.MaxSeeds);
    public static readonly Limit Trials =
        new("trials per sweep", nameof(SweepLimits.MaxTrialsPerSweep), l => l.MaxTrialsPerSweep);
    public static readonly Limit ParallelTrials =
        new("parallel trials", nameof(SweepLimits.MaxParallelTrials), l => l.MaxParallelTrials);
    public static readonly Limit ConcurrentSweeps =
        new("unfinished sweeps", nameof(SweepLimits.MaxConcurrentSweeps), l => l.MaxConcurrentSweeps);

    /// <summary>Adds a refusal when <paramref name="value"/> is above the limit; returns whether it is not.</summary>
    public static bool Check(SweepLimits limits, Limit limit, string path, long value, List<SpecError> errors)
    {
        if (value <= limit.Of(limits)) return true;
        errors.Add(new SpecError(path, Refusal(limits, limit, value.ToString(CultureInfo.InvariantCulture))));
        return false;
    }

    public static string Refusal(SweepLimits limits, Limit limit, string what) =>
        $"{what} is above this grid's limit of {limit.Of(limits)} {limit.Unit} ({SweepLimits.Key(limit.Setting)})";

    /// <summary>
    /// Checks the integer values a parameter can take against the limit of what it counts. Parameters are matched by
    /// name, so a training setting, a method hyperparameter and a stage option that count the same thing are bounded
    /// alike (epochs, urie-epochs and natra.stage.gan-epochs are all epochs).
    /// </summary>
    public static void CheckParameter(SweepLimits limits, ParameterSpec p, string path, List<SpecError> errors)
    {
        if (LimitOf(p.Name) is not { } limit) return;
        if (p.Kind == ParameterKind.IntUniform)
        {
            if (p.Max > limit.Of(limits))
                errors.Add(new SpecError($"{path}.max",
                    Refusal(limits, limit, p.Max.ToString("R", CultureInfo.InvariantCulture))));
            return;
        }
        if (p.IsNumeric) return;
        foreach (var value in p.Values)
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                && !Check(limits, limit, path, n, errors))
                return;
    }

    private static Limit? LimitOf(string parameter)
    {
        var name = parameter[(parameter.LastIndexOf('.') + 1)..];
        if (name.EndsWith("epochs", StringComparison.Ordinal)) return Epochs;
        if (name is "batch_size" or "batch-size") return BatchSize;
        if (name is "train_limit" or "test_limit" or "held-out" || name.EndsWith("-images", StringComparison.Ordinal))
            return Images;
        return null;
    }
}
