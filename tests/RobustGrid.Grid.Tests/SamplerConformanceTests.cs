using System.Globalization;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Properties every sampler must keep whatever its search strategy, after optuna's
/// tests/samplers_tests/test_samplers.py: draws stay inside the declared space (bounds, log scale, integer and q steps,
/// categorical lists), every choice is reachable, and a seed fixes the sequence. Each numeric theory runs random, TPE,
/// BOHB and NSGA-II; the model-based ones are fed losses so that most of their draws come from their models (Parzen
/// densities, parents' values), not their random start-up.
/// </summary>
public sealed class SamplerConformanceTests
{
    private const int Draws = 200;

    public static TheoryData<string> SearchMethods => new() { "random", "tpe", "bohb", "nsga2" };

    public static TheoryData<string> AllMethods => new() { "grid", "random", "tpe", "bohb", "nsga2" };

    private static SweepSpec Spec(string yaml)
    {
        var parsed = SweepSpecParser.Parse(yaml);
        return parsed.Spec ?? throw new InvalidOperationException(string.Join("\n", parsed.Errors));
    }

    /// <summary>
    /// A random or TPE sweep of <see cref="Draws"/> configurations; by default one start-up trial, so TPE draws almost
    /// everything from its model.
    /// </summary>
    private static SweepSpec SearchSpec(string method, string parameters, int seed = 11, int startup = 1) =>
        Spec($"dataset: cifar10\nmethod: {method}\nrun_cap: {Draws}\nsampler: {{seed: {seed}, " +
            $"n_startup_trials: {startup}, population_size: {Math.Max(2, startup)}}}\n{MethodKeys(method)}" +
            $"parameters:\n{parameters}");

    /// <summary>What a method needs besides the space: BOHB Hyperband's budgets, NSGA-II objectives (its start-up is
    /// its first generation, drawn from the prior).</summary>
    private static string MethodKeys(string method) => method switch
    {
        "bohb" => "early_terminate: {type: hyperband}\n",
        "nsga2" => "metric: [{name: clean/error}, {name: corruption/mce}]\n",
        _ => "",
    };

    private static IConfigSampler Create(SweepSpec spec) => ConfigSamplers.For(spec);

    /// <summary>
    /// Runs the sweep as the sweep grain does: configuration i sees the observations of 0..i-1. Losses come from a
    /// fixed seeded stream, so TPE's good/bad split varies but the run is reproducible.
    /// </summary>
    private static List<Dictionary<string, string>> Run(SweepSpec spec)
    {
        var sampler = Create(spec);
        var losses = new Random(4242);
        var observations = new List<Observation>();
        var configs = new List<Dictionary<string, string>>();
        for (var i = 0; i < spec.Configurations; i++)
        {
            var config = sampler.Sample(i, observations);
            configs.Add(config);
            observations.Add(new Observation(config, losses.NextDouble(), ConfigIndex: i));
        }
        return configs;
    }

    private static List<double> Values(IEnumerable<Dictionary<string, string>> configs, string name) =>
        [.. configs.Select(c => double.Parse(c[name], NumberStyles.Float, CultureInfo.InvariantCulture))];

    [Theory]
    [MemberData(nameof(SearchMethods))]
    public void UniformStaysWithinBounds(string method)
    {
        var values = Values(Run(SearchSpec(method, "  momentum: {distribution: uniform, min: 0.2, max: 0.7}\n")),
            "momentum");
        Assert.Equal(Draws, values.Count);
        Assert.All(values, v => Assert.InRange(v, 0.2, 0.7));
        // Not stuck on one point: a sampler that ignored the range would also pass the bound check.
        Assert.True(values.Max() - values.Min() > 0.1, $"spread {values.Min()}..{values.Max()}");
    }

    [Theory]
    [MemberData(nameof(SearchMethods))]
    public void IntUniformGivesIntegersAndReachesBothEnds(string method)
    {
        var configs = Run(SearchSpec(method, "  batch_size: {distribution: int_uniform, min: 30, max: 34}\n"));
        var values = configs.Select(c => c["batch_size"]).ToList();
        // Integers as text too: the trainer parses batch_size as an int, so "32.0" would fail the trial.
        Assert.All(values, v => Assert.True(
            int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 30 and <= 34, v));
        // Both bounds are inclusive, as in W&B and optuna.
        Assert.Equal([30, 31, 32, 33, 34],
            values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(SearchMethods))]
    public void QUniformGivesMultiplesOfQ(string method)
    {
        var values = Values(
            Run(SearchSpec(method, "  momentum: {distribution: q_uniform, min: 0, max: 0.9, q: 0.15}\n")), "momentum");
        Assert.All(values, v =>
        {
            Assert.InRange(v, 0, 0.9);
            var steps = v / 0.15;
            Assert.True(Math.Abs(steps - Math.Round(steps)) < 1e-6, $"{v} is not a multiple of 0.15");
        });
        // Seven grid points (0, 0.15, ..., 0.9); several should be used, not just a clamped end.
        Assert.True(values.Distinct().Count() >= 4, string.Join(", ", values.Distinct()));
    }

    [Theory]
    [MemberData(nameof(SearchMethods))]
    public void LogUniformValuesSpreadsOverOrdersOfMagnitude(string method)
    {
        const string parameters = "  learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 1}\n";
        Assert.All(Values(Run(SearchSpec(method, parameters)), "learning_rate"), v => Assert.InRange(v, 0.0001, 1));
        // The spread is a property of the unguided draws: fed noise as losses, TPE's model wanders and concentrates
        // anywhere, so its share is checked on its start-up draws (TpeResolvesSmallOrdersOfMagnitude covers the model).
        var values = Values(Run(SearchSpec(method, parameters, startup: Draws)), "learning_rate");
        // Uniform in log space puts half the draws below the geometric mean 0.01; uniform in value space would put 1%.
        var below = values.Count(v => v < 0.01) / (double)values.Count;
        Assert.InRange(below, 0.35, 0.65);
        Assert.Contains(values, v => v < 0.001);
    }

    [Theory]
    [MemberData(nameof(SearchMethods))]
    public void LogUniformBoundsAreExponents(string method)
    {
        // W&B's log_uniform: min and max are natural-log exponents, values lie in [e^min, e^max].
        const string parameters = "  weight_decay: {distribution: log_uniform, min: -9.2, max: -2.3}\n";
        var (low, high) = (Math.Exp(-9.2), Math.Exp(-2.3));
        // G6 formatting rounds in the sixth digit; allow that much past the bound.
        Assert.All(Values(Run(SearchSpec(method, parameters)), "weight_decay"),
            v => Assert.InRange(v, low * (1 - 1e-5), high * (1 + 1e-5)));
        // Uniform in the exponent: half the unguided draws lie below e^(mid exponent).
        var values = Values(Run(SearchSpec(method, parameters, startup: Draws)), "weight_decay");
        Assert.InRange(values.Count(v => v < Math.Exp((-9.2 - 2.3) / 2)) / (double)values.Count, 0.35, 0.65);
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void CategoricalDrawsOnlyListedValuesAndEveryOne(string method)
    {
        const string modelList = "small-cnn, resnet18, wrn-40-2, wrn-40-4";
        var spec = method == "grid"
            ? Spec($"dataset: cifar10\nparameters:\n  model: {{values: [{modelList}]}}\n  momentum: {{values: [0.5, " +
                $"0.9]}}\n")
            : SearchSpec(method, $"  model: {{values: [{modelList}]}}\n  momentum: {{values: [0.5, 0.9]}}\n");
        var configs = Run(spec);
        var expectedModels = modelList.Split(", ");
        Assert.All(configs, c => Assert.Contains(c["model"], expectedModels));
        Assert.All(configs, c => Assert.Contains(c["momentum"], new[] { "0.5", "0.9" }));
        Assert.Equal(expectedModels.Order(), configs.Select(c => c["model"]).Distinct().Order());
        Assert.Equal(["0.5", "0.9"], configs.Select(c => c["momentum"]).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(AllMethods))]
    public void SameSeedGivesSameSequence(string method)
    {
        var parameters = "  learning_rate: {distribution: log_uniform_values, min: 0.001, max: 0.1}\n  model: " +
            "{values: [small-cnn, resnet18]}\n";
        var spec = method == "grid"
            ? Spec("dataset: cifar10\nparameters:\n  learning_rate: {values: [0.1, 0.01]}\n  model: {values: " +
                "[small-cnn, resnet18]}\n")
            : SearchSpec(method, parameters);
        // Fresh sampler instances: a restarted sweep rebuilds its sampler and must draw what it drew before.
        Assert.Equal(Run(spec), Run(spec));
    }

    [Theory]
    [MemberData(nameof(SearchMethods))]
    public void AnotherSeedGivesAnotherSequence(string method)
    {
        var parameters = "  learning_rate: {distribution: log_uniform_values, min: 0.001, max: 0.1}\n  momentum: " +
            "{distribution: uniform, min: 0, max: 0.9}\n";
        var a = Run(SearchSpec(method, parameters, seed: 1));
        var b = Run(SearchSpec(method, parameters, seed: 2));
        // Continuous draws: two independent streams coincide on essentially no configuration.
        var same = a.Zip(b).Count(p => p.First["learning_rate"] == p.Second["learning_rate"]
            && p.First["momentum"] == p.Second["momentum"]);
        Assert.True(same < Draws / 10, $"{same} of {Draws} configurations equal across seeds");
    }

    [Fact]
    public void TpeResolvesSmallOrdersOfMagnitude()
    {
        // TPE must model log_uniform_values in log space: with the optimum at 1e-3, two decades below the geometric
        // mean of [1e-4, 1], its kernels in value space would be ~0.1 wide and could not tell 1e-3 from 1e-2.
        var spec = SearchSpec("tpe", "  learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 1}\n",
            startup: 10);
        var sampler = new TpeSampler(spec);
        var observations = new List<Observation>();
        for (var i = 0; i < 100; i++)
        {
            var config = sampler.Sample(i, observations);
            var lr = double.Parse(config["learning_rate"], CultureInfo.InvariantCulture);
            observations.Add(new Observation(config, Math.Abs(Math.Log10(lr) + 3)));
        }
        var late = observations.Skip(60).Select(o => o.Loss).Order().ToList();
        // Median of the last 40 within half a decade of 1e-3.
        Assert.True(late[late.Count / 2] < 0.5, $"median |log10(lr) + 3| of late draws: {late[late.Count / 2]}");
    }

    [Fact]
    public void GridEnumeratesTheFullProductExactlyOnce()
    {
        var spec = Spec("dataset: cifar10\nparameters:\n  model: {values: [small-cnn, resnet18]}\n  learning_rate: " +
            "{values: [0.1, 0.01, 0.001]}\n  momentum: {values: [0, 0.5, 0.9, 0.99]}\n");
        Assert.Equal(24, spec.Configurations);
        var configs = Run(spec).Select(c => (c["model"], c["learning_rate"], c["momentum"])).ToList();
        var product = (from m in new[] { "small-cnn", "resnet18" }
                       from lr in new[] { "0.1", "0.01", "0.001" }
                       from mo in new[] { "0", "0.5", "0.9", "0.99" }
                       select (m, lr, mo)).ToList();
        // Same order as the nested loops: the last parameter varies fastest, like W&B's grid.
        Assert.Equal(product, configs);
    }
}
