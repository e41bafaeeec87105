using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// <c>seeds: {min, max, until_separated: true}</c>: the sweep is sized for max seeds per configuration, starts with
/// min, and every mistake in the mapping is refused with the field that holds it.
/// </summary>
public sealed class SeedBudgetSpecTests
{
    private const string Head = "dataset: fashion-mnist\nparameters:\n  method: {values: [erm, augmix, ipmix]}\n";

    [Fact]
    public void UntilSeparatedStartsAtMinAndIsSizedForMax()
    {
        var (spec, errors) = SweepSpecParser.Parse(Head + "seeds: {min: 2, max: 8, until_separated: true}\n");
        Assert.Empty(errors);
        Assert.Equal(new SeedBudget(2, 8), spec!.UntilSeparated);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7], spec.Seeds);
        Assert.Equal((3, 2, 6, 24), (spec.Configurations, spec.InitialSeeds, spec.InitialTrials, spec.DefinedTrials));
    }

    [Fact]
    public void FixedSeedsRunEverySeedFromTheStart()
    {
        var (spec, _) = SweepSpecParser.Parse(Head + "seeds: [4, 9]\n");
        Assert.Null(spec!.UntilSeparated);
        Assert.Equal((2, 6, 6), (spec.InitialSeeds, spec.InitialTrials, spec.DefinedTrials));
    }

    [Theory]
    [InlineData("{min: 4, max: 3, until_separated: true}", "seeds.max", "must be ≥ seeds.min (got max 3, min 4)")]
    [InlineData("{min: 1, max: 3, until_separated: true}", "seeds.min", "must be an integer >= 2 (got 1)")]
    [InlineData("{max: 3, until_separated: true}", "seeds.min", "required")]
    [InlineData("{min: 2, until_separated: true}", "seeds.max", "required")]
    [InlineData("{min: 2, max: 3}", "seeds.until_separated", "must be true")]
    [InlineData("{min: 2, max: 3, until_separated: false}", "seeds.until_separated", "give a count or a list")]
    [InlineData("{min: 2, max: 3, until_separated: true, step: 2}", "seeds.step", "unknown key")]
    [InlineData("{min: 2, max: x, until_separated: true}", "seeds.max", "must be an integer")]
    public void MistakesNameTheirField(string seeds, string path, string fragment) =>
        SpecAssert.Error(Head + $"seeds: {seeds}\n", path, fragment);

    [Fact]
    public void MaxIsHeldToTheGridsLimits()
    {
        var rules = new SpecRules(new SweepLimits { MaxSeeds = 5, MaxTrialsPerSweep = 20 }, InputSandbox.None);
        var errors = SweepSpecParser.Parse(Head + "seeds: {min: 2, max: 6, until_separated: true}\n", rules: rules)
            .Errors;
        Assert.Contains(errors, e => e.Path == "seeds.max" && e.Message.Contains("limit of 5 seeds"));
        // Three configurations at seeds.max 7 are 21 trials, over the sweep's 20 even though min asks for 6.
        var trials = SweepSpecParser.Parse(Head + "seeds: {min: 2, max: 7, until_separated: true}\n",
            rules: rules with { Limits = new SweepLimits { MaxTrialsPerSweep = 20 } }).Errors;
        Assert.Contains(trials, e => e.Path == "parameters" && e.Message.Contains("21 trials"));
    }

    [Fact]
    public void RunCapCountsEveryConfigurationAtMax() =>
        SpecAssert.Error(Head + "run_cap: 12\nseeds: {min: 2, max: 5, until_separated: true}\n", "run_cap",
            "defines 15 trials");
}
