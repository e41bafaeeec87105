using System.Globalization;
using System.Text;
using RobustGrid.Catalog;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Training;
using RobustGrid.Grid.Grains.Options;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// Parses and validates a W&amp;B-style sweep spec in one pass. It never throws on user input: every problem becomes
/// a SpecError naming the field path (or the line and column of bad YAML) and what is allowed, so a bad spec is
/// reported instead of crashing a silo. The grid's <see cref="SpecRules"/> bound what a spec may ask for and where its
/// inputs may come from.
/// </summary>
public static class SweepSpecParser
{
    private static readonly string[] TopLevelKeys =
    [
        "name", "description", "program", "dataset", "method", "metric", "parameters", "early_terminate", "run_cap",
        "parallel_trials", "max_failures", "seeds", "resources", "evaluation", "sampler", "warm_start",
        PopulationRules.Key,
    ];

    /// <summary>Longest sweep name; a sweep id adds a time and a random suffix to it.</summary>
    public const int MaxNameLength = 64;

    /// <param name="rules">The grid's limits and input folders; default: the default limits, and inputs only from
    /// other trials.</param>
    public static (SweepSpec? Spec, IReadOnlyList<SpecError> Errors) Parse(string yaml, string? fallbackName = null,
        SpecRules? rules = null)
    {
        rules ??= SpecRules.Default;
        var errors = new List<SpecError>();
        if (string.IsNullOrWhiteSpace(yaml)) return (null, [new SpecError("(spec)", "the spec is empty")]);
        // A spec longer in characters is longer in bytes, and is refused without counting them.
        var bytes = yaml.Length > rules.Limits.MaxSpecBytes ? yaml.Length : Encoding.UTF8.GetByteCount(yaml);
        if (!SpecLimitRules.Check(rules.Limits, SpecLimitRules.SpecBytes, "(spec)", bytes, errors))
            return (null, errors);

        if (SpecYaml.Load(yaml, errors) is not { } root) return (null, errors);
        try
        {
            var spec = Build(new Reader(root, errors), errors, fallbackName, rules);
            return errors.Count == 0 ? (spec, errors) : (null, errors);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A validation bug must not take a silo down: report it as a spec error.
            errors.Add(new SpecError("(spec)", $"could not be validated: {e.Message}"));
            return (null, errors);
        }
    }

    private static SweepSpec? Build(Reader top, List<SpecError> errors, string? fallbackName, SpecRules rules)
    {
        var limits = rules.Limits;
        foreach (var key in top.Keys)
            if (!TopLevelKeys.Contains(key))
                errors.Add(new SpecError(key, $"unknown key; allowed: {string.Join(", ", TopLevelKeys)}"));

        var name = top.String("name") ?? fallbackName ?? "sweep";
        if (!IsSafeName(name))
            errors.Add(new SpecError("name",
                $"use letters, digits, '-', '_' or '.' (not first), at most {MaxNameLength} characters"));

        var dataset = top.String("dataset");
        if (dataset is null)
            errors.Add(new SpecError("dataset", $"required; one of: {DatasetReference.Forms}"));
        else if (rules.Datasets.Refusal(dataset) is { } refusal)
            errors.Add(new SpecError("dataset", refusal));

        var method = top.String("method") ?? "grid";
        if (method == "bayes") method = "tpe"; // W&B's model-based method: our model-based sampler is TPE.
        if (!GridCatalog.SearchMethods.Contains(method))
            errors.Add(new SpecError("method", $"unknown search method '{method}'; allowed: " +
                $"{string.Join(", ", GridCatalog.SearchMethods)} (bayes is an alias of tpe)"));

        var objectives = top.IsList("metric") ? ParseObjectives(top, errors) : null;
        var (metric, lowerIsBetter) = objectives is { Count: > 0 }
            ? (objectives[0].Metric, objectives[0].LowerIsBetter) : ParseMetric(top, errors);
        if (method == GridCatalog.NsgaII && objectives is null)
            errors.Add(new SpecError("metric", "method nsga2 needs a list of objectives: " +
                "[{name: clean/error, goal: minimize}, {name: corruption/mce, goal: minimize}]"));
        var parameters = ParseParameters(top, errors, limits);
        var (seeds, seedBudget) = top.IsMap("seeds") ? ParseSeedBudget(top.Map("seeds")!, errors, limits)
            : (ParseSeeds(top, errors, limits), null);
        var runCap = top.Int("run_cap", min: 1);
        if (runCap is { } asked) SpecLimitRules.Check(limits, SpecLimitRules.Trials, "run_cap", asked, errors);
        var parallel = top.Int("parallel_trials", min: 1) ?? 2;
        SpecLimitRules.Check(limits, SpecLimitRules.ParallelTrials, "parallel_trials", parallel, errors);
        var maxFailures = top.Int("max_failures", min: 0) ?? 3;
        var device = ParseResources(top, errors);
        ValidatePrecisionOnDevice(parameters, device, errors);
        MethodInputRules.Validate(parameters, rules.Inputs, errors);
        var evaluation = ParseEvaluation(top, errors, dataset, limits);
        var epochs = MaxEpochs(parameters);
        // Epochs the spec gives were checked with the parameter; those a method's recipe fills are checked here.
        if (parameters.All(p => p.Name != TrainingSettings.Epochs))
            SpecLimitRules.Check(limits, SpecLimitRules.Epochs, "parameters.epochs", epochs, errors);
        var early = ParseEarlyTermination(top, errors, epochs, limits);
        MethodInputRules.ValidateEarlyTermination(parameters, early, errors);
        if (method == GridCatalog.Bohb && !top.Has("early_terminate"))
            errors.Add(new SpecError("early_terminate", "method bohb needs early_terminate: {type: hyperband, ...}: " +
                "its models are fitted per Hyperband budget"));
        else if (method == GridCatalog.Bohb && early is { Type: not EarlyTerminationSpec.Hyperband })
            errors.Add(new SpecError("early_terminate.type", "method bohb needs type hyperband"));
        var (samplerSeed, startup, population) = ParseSampler(top, errors, name);
        var warmStart = ParseWarmStart(top, errors);

        // Size of the sweep: grid = product of value counts; random/tpe = run_cap / seeds.
        var configurations = 0;
        var seedCount = Math.Max(1, seeds.Count);
        PopulationSpec? pbt = null;
        if (method != PopulationRules.Method && top.Has(PopulationRules.Key))
            errors.Add(new SpecError(PopulationRules.Key, "only for method pbt"));
        if (method == "grid")
        {
            long product = 1;
            foreach (var p in parameters)
            {
                if (p.IsNumeric)
                {
                    errors.Add(new SpecError($"parameters.{p.Name}",
                        "grid search needs 'values' or 'value'; distributions are for random or tpe"));
                    continue;
                }
                // Counted, never listed: a grid far over the limit costs no more than one at it.
                product = Math.Min(product * p.Values.Count, limits.MaxTrialsPerSweep + 1L);
            }
            var total = product * seedCount;
            if (total > limits.MaxTrialsPerSweep)
            {
                var size = product > limits.MaxTrialsPerSweep
                    ? $"a grid of more than {limits.MaxTrialsPerSweep} configurations"
                    : $"{total} trials ({product} configurations x {seedCount} seeds)";
                errors.Add(new SpecError("parameters", SpecLimitRules.Refusal(limits, SpecLimitRules.Trials, size)));
            }
            else if (runCap is { } cap && total > cap)
                errors.Add(new SpecError("run_cap", $"the grid defines {total} trials ({product} configurations " +
                    $"x {seedCount} seeds), more than run_cap {cap}; raise run_cap or shrink the grid"));
            configurations = (int)Math.Min(product, limits.MaxTrialsPerSweep);
        }
        else if (method == PopulationRules.Method)
        {
            pbt = PopulationRules.Parse(top, errors, parameters, epochs, seedCount, limits);
            configurations = pbt is null ? 0 : pbt.Population * pbt.Generations;
        }
        else if (GridCatalog.SearchMethods.Contains(method))
        {
            if (runCap is null)
                errors.Add(new SpecError("run_cap", $"required for method {method}: the number of trials to run"));
            else if (runCap < seedCount)
                errors.Add(new SpecError("run_cap", $"must be at least the number of seeds ({seedCount})"));
            else configurations = runCap.Value / seedCount;
        }

        if (errors.Count > 0 || dataset is null) return null;
        return new SweepSpec(name, dataset, method, metric, lowerIsBetter, parameters, seeds, runCap, parallel,
            maxFailures, early, device, evaluation, configurations, configurations * seedCount, samplerSeed, startup,
            seedBudget, objectives, population, warmStart, pbt);
    }

    /// <summary>A name has the characters of a sweep id (it starts one) and leaves room for the rest of it.</summary>
    private static bool IsSafeName(string name) => name.Length <= MaxNameLength && TrialId.IsSweepId(name);

    private static (string Metric, bool LowerIsBetter) ParseMetric(Reader top, List<SpecError> errors)
    {
        var node = top.Map("metric");
        if (node is null) return (MetricNames.CleanError, true);
        node.OnlyKeys("name", "goal", "target");
        var name = node.String("name") ?? MetricNames.CleanError;
        if (!GridCatalog.IsKnownMetric(name))
            errors.Add(new SpecError("metric.name", $"unknown metric '{name}'; allowed: " +
                $"{string.Join(", ", MetricNames.Summary)}, corruption/<name>, corruption/<name>/<severity 1-5>"));
        var goal = node.String("goal");
        return goal switch
        {
            null => (name, MetricNames.LowerIsBetter(name)),
            "minimize" => (name, true),
            "maximize" => (name, false),
            _ => Fail(errors, "metric.goal", $"'{goal}' is not allowed; use minimize or maximize", (name, true)),
        };
    }

    private static T Fail<T>(List<SpecError> errors, string path, string message, T value)
    {
        errors.Add(new SpecError(path, message));
        return value;
    }

    private static List<ParameterSpec> ParseParameters(Reader top, List<SpecError> errors, SweepLimits limits)
    {
        var result = new List<ParameterSpec>();
        var map = top.Map("parameters");
        if (map is null)
        {
            if (top.Has("parameters")) return result;
            errors.Add(
                new SpecError("parameters", "required: a mapping of parameter name to {values|value|distribution}"));
            return result;
        }
        foreach (var name in map.Keys)
        {
            var path = $"parameters.{name}";
            if (ParameterRules.CheckKey(name) is { } why) { errors.Add(new SpecError(path, why)); continue; }
            var p = map.Map(name);
            if (p is null) continue;
            var parsed = ParseParameter(p, name, path, errors);
            if (parsed is null) continue;
            ParameterRules.CheckValues(parsed, path, errors);
            SpecLimitRules.CheckParameter(limits, parsed, path, errors);
            result.Add(parsed);
        }
        return result;
    }

    private static ParameterSpec? ParseParameter(Reader p, string name, string path, List<SpecError> errors)
    {
        p.OnlyKeys("values", "value", "distribution", "min", "max", "q", "mu", "sigma", "probabilities");
        if (p.Has("value"))
        {
            var v = p.Scalar("value");
            return v is null ? null : new ParameterSpec(name, ParameterKind.Constant, [v], 0, 0, 0);
        }
        if (p.Has("values"))
        {
            var values = p.ScalarList("values");
            if (values is null) return null;
            if (values.Count == 0)
            {
                errors.Add(new SpecError($"{path}.values", "empty list; give at least one value"));
                return null;
            }
            if (values.Distinct().Count() != values.Count)
                errors.Add(new SpecError($"{path}.values", "duplicate values"));
            return new ParameterSpec(name, ParameterKind.Categorical, values, 0, 0, 0);
        }
        var distribution = p.String("distribution");
        var min = p.Double("min");
        var max = p.Double("max");
        if (distribution is null)
        {
            if (min is null || max is null)
            {
                errors.Add(new SpecError(path, "needs 'values', 'value', or 'distribution' with 'min' and 'max'"));
                return null;
            }
            // W&B default: int_uniform when both bounds are integers, uniform otherwise.
            distribution = p.IsIntegerText("min") && p.IsIntegerText("max") ? "int_uniform" : "uniform";
        }
        var kind = distribution switch
        {
            "constant" => ParameterKind.Constant,
            "categorical" => ParameterKind.Categorical,
            "int_uniform" => ParameterKind.IntUniform,
            "uniform" => ParameterKind.Uniform,
            "q_uniform" => ParameterKind.QUniform,
            "log_uniform" => ParameterKind.LogUniform,
            "log_uniform_values" => ParameterKind.LogUniformValues,
            "normal" => ParameterKind.Normal,
            _ => (ParameterKind?)null,
        };
        if (kind is null)
        {
            errors.Add(new SpecError($"{path}.distribution", $"'{distribution}' is not supported; allowed: constant, " +
                $"categorical, int_uniform, uniform, q_uniform, log_uniform, log_uniform_values, normal"));
            return null;
        }
        if (kind is ParameterKind.Constant or ParameterKind.Categorical)
        {
            errors.Add(new SpecError($"{path}.distribution",
                $"{distribution} needs '{(kind == ParameterKind.Constant ? "value" : "values")}'"));
            return null;
        }
        if (kind == ParameterKind.Normal)
        {
            var mu = p.Double("mu") ?? 0;
            var sigma = p.Double("sigma") ?? 1;
            if (sigma <= 0) errors.Add(new SpecError($"{path}.sigma", "must be > 0"));
            return new ParameterSpec(name, kind.Value, [], mu, sigma, 0);
        }
        if (min is null) errors.Add(new SpecError($"{path}.min", $"required for {distribution}"));
        if (max is null) errors.Add(new SpecError($"{path}.max", $"required for {distribution}"));
        if (min is null || max is null) return null;
        if (!(min < max))
        {
            errors.Add(new SpecError($"{path}.min",
                $"must be less than max (got min={Fmt(min.Value)}, max={Fmt(max.Value)})"));
            return null;
        }
        if (kind == ParameterKind.LogUniformValues && min <= 0)
        {
            errors.Add(new SpecError($"{path}.min",
                "log_uniform_values needs min > 0 (bounds are values; use log_uniform for exponents)"));
            return null;
        }
        if (kind == ParameterKind.IntUniform && (min % 1 != 0 || max % 1 != 0))
        {
            errors.Add(new SpecError(path, "int_uniform needs integer min and max"));
            return null;
        }
        var q = p.Double("q") ?? 1;
        if (q <= 0) errors.Add(new SpecError($"{path}.q", "must be > 0"));
        return new ParameterSpec(name, kind.Value, [], min.Value, max.Value, q);
    }

    /// <summary>tf32 is refused on the CPU at training time; a sweep pinned to the CPU says so before it
    /// starts.</summary>
    private static void ValidatePrecisionOnDevice(List<ParameterSpec> parameters, string device, List<SpecError> errors)
    {
        var precision = parameters.FirstOrDefault(p => p.Name == "precision");
        if (device == "cpu" && precision is not null && precision.Values.Contains(Precisions.CudaOnly))
            errors.Add(new SpecError("parameters.precision",
                $"{Precisions.CudaOnly} needs CUDA but resources.device is cpu; " +
                $"allowed on the CPU: {string.Join(", ", Precisions.Names.Where(p => p != Precisions.CudaOnly))}"));
    }

    /// <summary>The most epochs a trial can train: the epochs parameter's, else each method's recipe or the
    /// default.</summary>
    private static int MaxEpochs(List<ParameterSpec> parameters)
    {
        var p = parameters.FirstOrDefault(x => x.Name == TrainingSettings.Epochs);
        if (p is null)
        {
            var methods = parameters.FirstOrDefault(x => x.Name == TrainingSettings.Method)?.Values
                ?? [ErmInfo.Info.Name];
            return methods.Where(MethodCatalog.Names.Contains)
                .Select(m => TrainingSettings.Resolve(new Dictionary<string, string> { [TrainingSettings.Method] = m })
                    .Values.Int(TrainingSettings.Epochs))
                .DefaultIfEmpty(1).Max();
        }
        if (p.Kind == ParameterKind.IntUniform) return (int)p.Max;
        return p.Values.Select(v => int.TryParse(v, CultureInfo.InvariantCulture, out var e) ? e : 1).DefaultIfEmpty(1)
            .Max();
    }

    private static List<long> ParseSeeds(Reader top, List<SpecError> errors, SweepLimits limits)
    {
        if (!top.Has("seeds")) return [0];
        if (top.Int("seeds", min: 1, quiet: true) is { } count)
            return SpecLimitRules.Check(limits, SpecLimitRules.Seeds, "seeds", count, errors)
                ? [.. Enumerable.Range(0, count).Select(i => (long)i)]
                : [0];
        var list = top.ScalarList("seeds", "a list of integer seeds, or a count");
        if (list is null) return [0];
        if (!SpecLimitRules.Check(limits, SpecLimitRules.Seeds, "seeds", list.Count, errors)) return [0];
        var seeds = new List<long>();
        foreach (var s in list)
        {
            if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) seeds.Add(v);
            else errors.Add(new SpecError("seeds", $"'{s}' is not an integer seed"));
        }
        if (seeds.Count == 0) errors.Add(new SpecError("seeds", "empty list; give at least one seed"));
        if (seeds.Distinct().Count() != seeds.Count) errors.Add(new SpecError("seeds", "duplicate seeds"));
        return seeds;
    }

    /// <summary>
    /// <c>seeds: {min, max, until_separated: true}</c>. The sweep is sized for the most it may run (max seeds for every
    /// configuration), so run_cap and the grid's limits hold whatever the results.
    /// </summary>
    private static (List<long> Seeds, SeedBudget? Budget) ParseSeedBudget(Reader node, List<SpecError> errors,
        SweepLimits limits)
    {
        node.OnlyKeys("min", "max", "until_separated");
        // A paired interval needs two seeds, so fewer could never separate anything.
        var min = node.Int("min", min: 2);
        var max = node.Int("max", min: 2);
        if (!node.Has("min"))
            errors.Add(new SpecError("seeds.min", "required: the seeds every configuration runs (at least 2)"));
        if (!node.Has("max"))
            errors.Add(new SpecError("seeds.max", "required: the most seeds a configuration may run"));
        if (min is { } low && max is { } high && high < low)
            errors.Add(new SpecError("seeds.max", $"must be ≥ seeds.min (got max {high}, min {low})"));
        var withinLimit = max is not { } most
            || SpecLimitRules.Check(limits, SpecLimitRules.Seeds, "seeds.max", most, errors);
        var until = node.String("until_separated", quiet: true);
        if (!string.Equals(until, "true", StringComparison.OrdinalIgnoreCase))
            errors.Add(new SpecError("seeds.until_separated", "must be true (seeds are added to the top " +
                "configurations until it is separated); for a fixed number of seeds give a count or a list"));
        if (min is not { } first || max is not { } last || last < first || !withinLimit) return ([0], null);
        return ([.. Enumerable.Range(0, last).Select(i => (long)i)], new SeedBudget(first, last));
    }

    private static string ParseResources(Reader top, List<SpecError> errors)
    {
        var r = top.Map("resources");
        if (r is null) return "auto";
        r.OnlyKeys("device", "gpu", "cpu");
        var device = r.String("device") ?? (r.Int("gpu", min: 0) is > 0 ? "cuda" : "auto");
        if (!GridCatalog.Devices.Contains(device))
            errors.Add(new SpecError("resources.device", $"'{device}' is not allowed; use auto, cpu or cuda"));
        r.Int("cpu", min: 1);
        return device;
    }

    private static EvaluationSpec ParseEvaluation(Reader top, List<SpecError> errors, string? dataset,
        SweepLimits limits)
    {
        var e = top.Map("evaluation");
        if (e is null) return EvaluationSpec.Clean;
        e.OnlyKeys("suite", "corruptions", "severities", "n_examples", "adversarial", "adversarial_examples");
        var suite = e.String("suite") ?? "clean";
        if (dataset is not null && !GridCatalog.SuitesFor(dataset).Contains(suite))
            errors.Add(new SpecError("evaluation.suite", $"unknown suite '{suite}' for {dataset}; " +
                $"allowed: {string.Join(", ", GridCatalog.SuitesFor(dataset))}"));
        string[] corruptions = [];
        if (e.Has("corruptions") && e.String("corruptions", quiet: true) is not "all")
        {
            var list = e.ScalarList("corruptions", "'all' or a list of corruption names") ?? [];
            // On the perturbation suite the list names perturbations.
            var known = suite == PerturbationNames.Suite ? PerturbationNames.Names : CorruptionNames.Names;
            foreach (var c in list.Where(c => !known.Contains(c)))
                errors.Add(new SpecError("evaluation.corruptions",
                    $"unknown corruption '{c}'; known: {string.Join(", ", known)}"));
            if (e.Has("corruptions") && list.Count == 0)
                errors.Add(new SpecError("evaluation.corruptions", "empty list; use 'all' or name at least one"));
            corruptions = [.. list];
        }
        int[] severities = suite == "clean" ? [] : [1, 2, 3, 4, 5];
        // Clean and CIFAR-10-P are scored without severities: a list there would be ignored.
        if (e.Has("severities") && (suite == "clean" || suite == PerturbationNames.Suite))
            errors.Add(new SpecError("evaluation.severities",
                $"suite '{suite}' has no severities; give them with a corruption suite"));
        else if (e.Has("severities"))
        {
            var list = e.ScalarList("severities", "a list of integers 1-5") ?? [];
            var parsed = new List<int>();
            foreach (var s in list)
            {
                if (int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 5) parsed.Add(v);
                else errors.Add(
                    new SpecError("evaluation.severities", $"'{s}' is not a severity; allowed: 1, 2, 3, 4, 5"));
            }
            if (list.Count == 0)
                errors.Add(new SpecError("evaluation.severities", "empty list; allowed: 1, 2, 3, 4, 5"));
            severities = [.. parsed.Distinct().Order()];
        }
        var examples = e.Int("n_examples", min: 1);
        if (examples is { } n) SpecLimitRules.Check(limits, SpecLimitRules.Images, "evaluation.n_examples", n, errors);
        string[]? adversarial = null;
        if (e.Has("adversarial"))
        {
            var list = e.ScalarList("adversarial", "a list of adversarial suites") ?? [];
            foreach (var a in list.Where(a => !AttackNames.Names.Contains(a)))
                errors.Add(new SpecError("evaluation.adversarial",
                    $"unknown adversarial suite '{a}'; known: {string.Join(", ", AttackNames.Names)}"));
            adversarial = [.. list.Distinct()];
        }
        var adversarialExamples = e.Int("adversarial_examples", min: 1) ?? EvaluationSpec.DefaultAdversarialExamples;
        SpecLimitRules.Check(limits, SpecLimitRules.Images, "evaluation.adversarial_examples", adversarialExamples,
            errors);
        return new EvaluationSpec(suite, corruptions, severities, examples, adversarial, adversarialExamples);
    }

    private static EarlyTerminationSpec? ParseEarlyTermination(Reader top, List<SpecError> errors, int epochs,
        SweepLimits limits)
    {
        var e = top.Map("early_terminate");
        if (e is null) return null;
        e.OnlyKeys("type", "min_iter", "eta", "max_iter", "metric", "goal", "s", "strict");
        var type = e.String("type");
        if (type is null || !EarlyTerminationSpec.Types.Contains(type))
        {
            var allowed = string.Join(", ", EarlyTerminationSpec.Types);
            errors.Add(new SpecError("early_terminate.type",
                type is null ? $"required; allowed: {allowed}" : $"'{type}' is not allowed; use {allowed}"));
            return null;
        }
        var minIter = e.Int("min_iter", min: 1) ?? 1;
        var eta = e.Int("eta", min: 2) ?? 3;
        var maxIter = e.Int("max_iter", min: 1) ?? epochs;
        if (e.Has("max_iter"))
            SpecLimitRules.Check(limits, SpecLimitRules.Epochs, "early_terminate.max_iter", maxIter, errors);
        if (maxIter <= minIter && e.Has("max_iter"))
            errors.Add(new SpecError("early_terminate.max_iter", $"must be greater than min_iter ({minIter})"));
        var metric = e.String("metric") ?? "test_accuracy";
        if (!GridCatalog.EpochMetrics.Contains(metric))
            errors.Add(new SpecError("early_terminate.metric",
                $"'{metric}' is not reported per epoch; allowed: {string.Join(", ", GridCatalog.EpochMetrics)}"));
        var goal = e.String("goal");
        var lower = goal switch
        {
            null => metric.Contains("loss", StringComparison.Ordinal),
            "minimize" => true,
            "maximize" => false,
            _ => Fail(errors, "early_terminate.goal", $"'{goal}' is not allowed; use minimize or maximize", false),
        };
        // W&B's s: how many Hyperband brackets; ASHA is a single bracket.
        var brackets = e.Int("s", min: 1);
        if (brackets is not null && type != EarlyTerminationSpec.Hyperband)
            errors.Add(new SpecError("early_terminate.s", "the number of brackets is for type hyperband"));
        return new EarlyTerminationSpec(type, minIter, eta, maxIter, metric, lower, brackets);
    }

    private static (long Seed, int Startup, int Population) ParseSampler(Reader top, List<SpecError> errors,
        string name)
    {
        var s = top.Map("sampler");
        // Default sampler seed depends on the sweep name only, so a restarted sweep draws the same configurations.
        var defaultSeed = (long)(uint)StableHash(name);
        if (s is null) return (defaultSeed, 5, SweepSpec.DefaultPopulationSize);
        s.OnlyKeys("seed", "n_startup_trials", "population_size");
        var seed = s.Int("seed", min: 0) is { } v ? v : defaultSeed;
        var startup = s.Int("n_startup_trials", min: 1) ?? 5;
        var population = s.Int("population_size", min: 2) ?? SweepSpec.DefaultPopulationSize;
        if (population > MaxPopulation)
            errors.Add(new SpecError("sampler.population_size", $"must be at most {MaxPopulation}"));
        return (seed, startup, population);
    }

    private const int MaxPopulation = 10_000;

    /// <summary>Most earlier sweeps one sweep may start from.</summary>
    public const int MaxWarmStarts = 16;

    private static List<string>? ParseWarmStart(Reader top, List<SpecError> errors)
    {
        if (!top.Has("warm_start")) return null;
        var names = top.ScalarList("warm_start", "a list of sweep names or ids") ?? [];
        if (names.Count is 0 or > MaxWarmStarts)
            errors.Add(new SpecError("warm_start", $"give one to {MaxWarmStarts} sweep names or ids"));
        foreach (var n in names.Where(n => !TrialId.IsSweepId(n)))
            errors.Add(new SpecError("warm_start", $"'{(n.Length > 40 ? n[..40] + "…" : n)}' is not a sweep name " +
                "or id: letters, digits, '-', '_' or '.' (not first)"));
        if (names.Distinct().Count() != names.Count)
            errors.Add(new SpecError("warm_start", "a sweep is listed twice"));
        return [.. names];
    }

    /// <summary>More objectives than this make almost every configuration non-dominated.</summary>
    public const int MaxObjectives = 8;

    /// <summary><c>metric</c> as a list: every objective with its goal; the one marked <c>primary: true</c>, else the
    /// first, is the sweep's metric and comes first.</summary>
    private static List<Objective>? ParseObjectives(Reader top, List<SpecError> errors)
    {
        var items = top.MapList("metric", "a mapping {name, goal}") ?? [];
        if (items.Count == 0)
        {
            errors.Add(new SpecError("metric", "empty list; give at least one {name, goal}"));
            return null;
        }
        if (items.Count > MaxObjectives)
        {
            errors.Add(new SpecError("metric", $"at most {MaxObjectives} objectives (got {items.Count})"));
            return null;
        }
        var objectives = new List<Objective>();
        var primary = -1;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var path = $"metric[{i}]";
            item.OnlyKeys("name", "goal", "primary");
            var name = item.String("name");
            if (name is null)
            {
                errors.Add(new SpecError($"{path}.name", "required: a leaderboard metric"));
                continue;
            }
            if (!GridCatalog.IsKnownMetric(name))
                errors.Add(new SpecError($"{path}.name", $"unknown metric '{name}'; allowed: " +
                    $"{string.Join(", ", MetricNames.Summary)}, corruption/<name>[/<severity 1-5>], " +
                    string.Join(", ", AttackNames.Names)));
            if (objectives.Any(o => o.Metric == name))
                errors.Add(new SpecError($"{path}.name", $"'{name}' is listed twice"));
            var goal = item.String("goal");
            var lower = goal switch
            {
                null => MetricNames.LowerIsBetter(name),
                "minimize" => true,
                "maximize" => false,
                _ => Fail(errors, $"{path}.goal", $"'{goal}' is not allowed; use minimize or maximize", true),
            };
            var marked = item.String("primary");
            if (marked is not null && marked != "true" && marked != "false")
                errors.Add(new SpecError($"{path}.primary", "must be true or false"));
            if (marked == "true")
            {
                if (primary >= 0) errors.Add(new SpecError($"{path}.primary", "only one objective may be primary"));
                primary = objectives.Count;
            }
            objectives.Add(new Objective(name, lower));
        }
        if (primary > 0)
        {
            var first = objectives[primary];
            objectives.RemoveAt(primary);
            objectives.Insert(0, first);
        }
        return objectives;
    }

    internal static int StableHash(string text)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in text) h = (h ^ c) * 16777619;
            return h;
        }
    }

    private static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
