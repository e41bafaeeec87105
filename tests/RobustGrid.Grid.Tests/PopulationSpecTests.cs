using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary><c>method: pbt</c>: a population times its intervals of trials, Ray Tune's defaults, and every setting
/// pbt cannot honour refused with the field that holds it.</summary>
public sealed class PopulationSpecTests
{
    private const string Head = """
        dataset: fashion-mnist
        method: pbt
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 0.001, max: 0.3}
          momentum: {values: [0.5, 0.9, 0.95]}
          weight_decay: {distribution: log_uniform_values, min: 0.00001, max: 0.01}
          epochs: {value: 10}

        """;

    [Fact]
    public void APopulationRunsOneTrialPerMemberAndInterval()
    {
        var (spec, errors) = SweepSpecParser.Parse(Head + "pbt: {population: 4, perturbation_interval: 3}\n");
        Assert.Empty(errors);
        var population = spec!.Population!;
        Assert.Equal((4, 3, 10, 4), (population.Population, population.PerturbationInterval, population.Epochs,
            population.Generations));
        Assert.Equal((0.25, 0.25), (population.QuantileFraction, population.ResampleProbability));
        Assert.Equal(("test_accuracy", false), (population.Metric, population.LowerIsBetter));
        Assert.Equal((9, 10), (population.StartEpoch(3), population.EndEpoch(3)));
        Assert.Equal(16, spec.DefinedTrials);
    }

    [Fact]
    public void TheRankingMetricAndFractionsCanBeSet()
    {
        var (spec, errors) = SweepSpecParser.Parse(Head + "pbt: {population: 8, perturbation_interval: 2, " +
            "metric: train_loss, quantile_fraction: 0.5, resample_probability: 0}\n");
        Assert.Empty(errors);
        Assert.Equal(("train_loss", true, 0.5, 0.0), (spec!.Population!.Metric, spec.Population.LowerIsBetter,
            spec.Population.QuantileFraction, spec.Population.ResampleProbability));
    }

    [Theory]
    [InlineData("", "pbt", "required for method pbt")]
    [InlineData("pbt: {perturbation_interval: 2}\n", "pbt.population", "required")]
    [InlineData("pbt: {population: 1, perturbation_interval: 2}\n", "pbt.population", "must be an integer >= 2")]
    [InlineData("pbt: {population: 4}\n", "pbt.perturbation_interval", "required")]
    [InlineData("pbt: {population: 4, perturbation_interval: 10}\n", "pbt.perturbation_interval",
        "must be less than the epochs (10)")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2, metric: clean/error}\n", "pbt.metric",
        "not reported per epoch")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2, quantile_fraction: 0.6}\n", "pbt.quantile_fraction",
        "must be between 0 and 0.5")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2, resample_probability: -1}\n",
        "pbt.resample_probability", "must be between 0 and 1")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2, goal: up}\n", "pbt.goal", "use minimize or maximize")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2, size: 3}\n", "pbt.size", "unknown key")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2}\nrun_cap: 8\n", "run_cap", "not used by pbt")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2}\nseeds: 2\n", "seeds", "share one seed")]
    [InlineData("pbt: {population: 4, perturbation_interval: 2}\nearly_terminate: {type: asha}\n", "early_terminate",
        "remove early_terminate")]
    [InlineData("pbt: {population: 5000, perturbation_interval: 2}\n", "pbt.population", "5000 members x 5")]
    public void MistakesAreRefusedWithTheirField(string tail, string path, string fragment) =>
        SpecAssert.Error(Head + tail, path, fragment);

    [Fact]
    public void OnlySettingsACheckpointCanContinueUnderMayVary() =>
        SpecAssert.Error("""
            dataset: fashion-mnist
            method: pbt
            parameters:
              learning_rate: {values: [0.01, 0.1]}
              batch_size: {values: [64, 128]}
              epochs: {value: 6}
            pbt: {population: 4, perturbation_interval: 2}
            """, "parameters.batch_size", "only learning_rate, min_learning_rate, momentum, weight_decay may vary");

    [Fact]
    public void APopulationOfEnhancersIsRefused() =>
        SpecAssert.Error("""
            dataset: fashion-mnist
            method: pbt
            parameters:
              method: {value: pretrained}
              learning_rate: {values: [0.01, 0.1]}
              epochs: {value: 6}
            pbt: {population: 4, perturbation_interval: 2}
            """, "parameters.method", "pbt trains classifiers");

    [Fact]
    public void APbtSectionNeedsMethodPbt() =>
        SpecAssert.Error("""
            dataset: fashion-mnist
            method: random
            run_cap: 4
            parameters:
              learning_rate: {values: [0.01, 0.1]}
            pbt: {population: 4, perturbation_interval: 2}
            """, "pbt", "only for method pbt");
}
