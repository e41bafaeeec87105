using System.Globalization;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Training;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// Reads and checks a spec's <c>pbt</c> section for <c>method: pbt</c>. A member continues another member's checkpoint,
/// so only the settings a checkpoint can continue under (<see cref="TrainingSettings.Exploitable"/>) may vary, the
/// epochs are one value, and the population itself is the sample: no seeds to repeat, no run_cap, no early stopping.
/// </summary>
internal static class PopulationRules
{
    public const string Method = "pbt";
    public const string Key = "pbt";

    public static PopulationSpec? Parse(Reader top, List<SpecError> errors, IReadOnlyList<ParameterSpec> parameters,
        int epochs, int seedCount, SweepLimits limits)
    {
        var node = top.Map(Key);
        if (node is null)
        {
            errors.Add(new SpecError(Key, "required for method pbt: population and perturbation_interval"));
            return null;
        }
        node.OnlyKeys("population", "perturbation_interval", "metric", "goal", "quantile_fraction",
            "resample_probability");
        var population = node.Int("population", min: 2);
        if (!node.Has("population"))
            errors.Add(
                new SpecError($"{Key}.population", "required: the members that train side by side (at least 2)"));
        var interval = node.Int("perturbation_interval", min: 1);
        if (!node.Has("perturbation_interval"))
            errors.Add(new SpecError($"{Key}.perturbation_interval",
                "required: the epochs between two exploit/explore steps"));
        else if (interval is { } i && i >= epochs)
            errors.Add(new SpecError($"{Key}.perturbation_interval",
                $"must be less than the epochs ({epochs}), or no member ever exploits another"));
        var metric = node.String("metric") ?? "test_accuracy";
        if (!GridCatalog.EpochMetrics.Contains(metric))
            errors.Add(new SpecError($"{Key}.metric",
                $"'{metric}' is not reported per epoch; allowed: {string.Join(", ", GridCatalog.EpochMetrics)}"));
        var goal = node.String("goal");
        var lower = metric.Contains("loss", StringComparison.Ordinal);
        if (goal is "minimize" or "maximize") lower = goal == "minimize";
        else if (goal is not null)
            errors.Add(new SpecError($"{Key}.goal", $"'{goal}' is not allowed; use minimize or maximize"));
        var quantile = Fraction(node, "quantile_fraction", PopulationSpec.DefaultQuantileFraction, 0.5, errors);
        var resample = Fraction(node, "resample_probability", PopulationSpec.DefaultResampleProbability, 1, errors);

        CheckRestOfSpec(top, parameters, seedCount, errors);
        if (population is not { } members || interval is not { } every || every >= epochs) return null;
        var spec = new PopulationSpec(members, every, metric, lower, quantile, resample, epochs);
        var trials = (long)members * spec.Generations;
        if (trials > limits.MaxTrialsPerSweep)
            errors.Add(new SpecError($"{Key}.population", SpecLimitRules.Refusal(limits, SpecLimitRules.Trials,
                $"{trials} trials ({members} members x {spec.Generations} intervals)")));
        return spec;
    }

    private static double Fraction(Reader node, string key, double fallback, double max, List<SpecError> errors)
    {
        var value = node.Double(key) ?? fallback;
        if (value >= 0 && value <= max) return value;
        errors.Add(new SpecError($"{Key}.{key}",
            $"must be between 0 and {max.ToString(CultureInfo.InvariantCulture)} (got " +
            $"{value.ToString(CultureInfo.InvariantCulture)})"));
        return fallback;
    }

    private static void CheckRestOfSpec(Reader top, IReadOnlyList<ParameterSpec> parameters, int seedCount,
        List<SpecError> errors)
    {
        foreach (var p in parameters.Where(p => p.IsSearchable && !TrainingSettings.Exploitable.Contains(p.Name)))
            errors.Add(new SpecError($"parameters.{p.Name}", "a pbt member continues another member's checkpoint, " +
                $"so only {string.Join(", ", TrainingSettings.Exploitable)} may vary; give {p.Name} one 'value'"));
        var method = parameters.FirstOrDefault(p => p.Name == TrainingSettings.Method)?.Values.FirstOrDefault();
        if (method is not null && MethodCatalog.Training.All(m => m.Name != method))
            errors.Add(new SpecError($"parameters.{TrainingSettings.Method}",
                $"pbt trains classifiers; '{method}' is not one of: " +
                string.Join(", ", MethodCatalog.Training.Select(m => m.Name))));
        if (!parameters.Any(p => p.IsSearchable))
            errors.Add(new SpecError("parameters",
                $"pbt needs at least one of {string.Join(", ", TrainingSettings.Exploitable)} to vary"));
        if (top.Has("run_cap"))
            errors.Add(new SpecError("run_cap", "not used by pbt: it runs population x intervals trials"));
        if (top.Has("early_terminate"))
            errors.Add(new SpecError("early_terminate", "pbt replaces weak members itself; remove early_terminate"));
        if (seedCount != 1 || top.IsMap("seeds"))
            errors.Add(new SpecError("seeds", "pbt's members share one seed; give one seed (the population is the " +
                "sample; repeat the sweep with another sampler.seed for another one)"));
    }
}
