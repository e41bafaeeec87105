using System.Globalization;
using RobustGrid.Grid.Grains.Sampling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// BOHB draws from the model of the largest budget that has enough observations. The synthetic objective has its
/// optimum at 0.2 after one epoch and at 0.7 after full training, so where the draws gather says which budget's
/// model they came from.
/// </summary>
public sealed class BohbSamplerTests
{
    private const int Configurations = 90;

    private static SweepSpec Spec()
    {
        var (spec, errors) = SweepSpecParser.Parse("""
            dataset: cifar10
            method: bohb
            run_cap: 90
            sampler: {seed: 3, n_startup_trials: 5}
            early_terminate: {type: hyperband, min_iter: 1, eta: 3, max_iter: 9}
            parameters:
              momentum: {distribution: uniform, min: 0, max: 0.9}
            """);
        return spec ?? throw new InvalidOperationException(string.Join("\n", errors));
    }

    private static double Momentum(IReadOnlyDictionary<string, string> config) =>
        double.Parse(config["momentum"], CultureInfo.InvariantCulture);

    /// <summary>Runs the sampler as the sweep grain does; every configuration reports after one epoch and, when
    /// <paramref name="finishes"/>, after full training.</summary>
    private static List<double> Run(bool finishes)
    {
        var sampler = ConfigSamplers.For(Spec());
        var observations = new List<Observation>();
        var draws = new List<double>();
        for (var c = 0; c < Configurations; c++)
        {
            var config = sampler.Sample(c, observations);
            var x = Momentum(config);
            draws.Add(x);
            observations.Add(new Observation(config, Math.Abs(x - 0.2), Budget: 1, ConfigIndex: c));
            if (finishes) observations.Add(new Observation(config, Math.Abs(x - 0.7), ConfigIndex: c));
        }
        return draws;
    }

    private static double MedianDistance(IEnumerable<double> draws, double optimum)
    {
        var distances = draws.Select(x => Math.Abs(x - optimum)).Order().ToList();
        return distances[distances.Count / 2];
    }

    [Fact]
    public void DrawsFollowTheLargestBudgetWithEnoughObservations()
    {
        // Uniform draws on [0, 0.9] lie a median 0.225 from either optimum; a third of BOHB's draws stay uniform.
        var full = Run(finishes: true).Skip(50).ToList();
        Assert.True(MedianDistance(full, 0.7) < 0.12, $"median distance to 0.7: {MedianDistance(full, 0.7)}");
        var firstEpochOnly = Run(finishes: false).Skip(50).ToList();
        Assert.True(MedianDistance(firstEpochOnly, 0.2) < 0.12,
            $"median distance to 0.2: {MedianDistance(firstEpochOnly, 0.2)}");
    }

    [Fact]
    public void ABudgetNeedsEnoughObservationsBeforeItsModelIsUsed()
    {
        var sampler = new BohbSampler(Spec());
        var config = new Dictionary<string, string> { ["momentum"] = "0.5" };
        var observations = Enumerable.Range(0, 6).Select(c => new Observation(config, c, Budget: 1, ConfigIndex: c))
            .Concat(Enumerable.Range(0, 4).Select(c => new Observation(config, c, Budget: 3, ConfigIndex: c)))
            .ToList();
        // n_startup_trials 5: budget 3's four observations are too few, budget 1's six are enough.
        Assert.Equal(1, Assert.Single(sampler.ModelBudget(observations)!.Select(o => o.Budget).Distinct()));
        observations.Add(new Observation(config, 0, Budget: 3, ConfigIndex: 4));
        Assert.Equal(3, Assert.Single(sampler.ModelBudget(observations)!.Select(o => o.Budget).Distinct()));
        Assert.Null(sampler.ModelBudget(observations.Take(4).ToList()));
    }

    [Fact]
    public void ASpecWithBohbNeedsHyperband()
    {
        var (spec, errors) = SweepSpecParser.Parse(
            "dataset: cifar10\nmethod: bohb\nrun_cap: 9\nparameters:\n  momentum: {min: 0.1, max: 0.9}\n");
        Assert.Null(spec);
        Assert.Contains(errors, e => e.Path == "early_terminate" && e.Message.Contains("hyperband"));
        (spec, errors) = SweepSpecParser.Parse("dataset: cifar10\nmethod: bohb\nrun_cap: 9\nearly_terminate: " +
            "{type: asha}\nparameters:\n  momentum: {min: 0.1, max: 0.9}\n");
        Assert.Null(spec);
        Assert.Contains(errors, e => e.Path == "early_terminate.type");
    }
}
