using System.Globalization;
using RobustGrid.Grid.Grains.Population;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Population-based training's exploit and explore steps on synthetic populations: the bottom quantile continues a
/// top member with perturbed values (x0.8 or x1.2 kept in range, a neighbouring choice, or a fresh draw with the
/// resample probability), the rest continue themselves, and the same seed always gives the same decisions.
/// </summary>
public sealed class PopulationExplorerTests
{
    private static readonly ParameterSpec LearningRate =
        new("learning_rate", ParameterKind.LogUniformValues, [], 0.001, 1.0, 1);

    private static readonly ParameterSpec Momentum = new("momentum", ParameterKind.Constant, ["0.9"], 0, 0, 0);

    private static PopulationSpec Spec(int members, bool lowerIsBetter = false, double resample = 0.25,
        double quantile = 0.25) =>
        new(members, 2, lowerIsBetter ? "train_loss" : "test_accuracy", lowerIsBetter, quantile, resample, 10);

    private static List<PopulationExplorer.Member> Members(params double?[] scores) =>
        [.. scores.Select((s, i) => new PopulationExplorer.Member(new Dictionary<string, string>
        {
            ["learning_rate"] = (0.01 * (i + 1)).ToString(CultureInfo.InvariantCulture),
            ["momentum"] = "0.9",
        }, s))];

    private static double Lr(IReadOnlyDictionary<string, string> config) =>
        double.Parse(config["learning_rate"], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(8, 0.25, 2)]
    [InlineData(4, 0.25, 1)]
    [InlineData(2, 0.25, 1)]
    [InlineData(10, 0.5, 5)]
    [InlineData(3, 0.5, 1)]
    [InlineData(8, 0.0, 0)]
    public void QuantileIsTheFractionRoundedUpAndAtMostHalf(int members, double fraction, int expected) =>
        Assert.Equal(expected, PopulationExplorer.QuantileSize(members, fraction));

    [Fact]
    public void BottomQuarterContinuesFromTopQuarterAndTheRestContinueThemselves()
    {
        // Member i scores i: members 0 and 1 are the bottom quarter, 6 and 7 the top.
        var members = Members(0, 1, 2, 3, 4, 5, 6, 7);
        var decisions = new PopulationExplorer(Spec(8), [LearningRate, Momentum], 5).Next(0, members);
        Assert.Equal(8, decisions.Count);
        for (var m = 0; m < 8; m++)
        {
            if (m < 2)
            {
                Assert.Contains(decisions[m].Parent, new[] { 6, 7 });
                Assert.True(decisions[m].Exploits(m));
                Assert.Equal("0.9", decisions[m].Config["momentum"]); // constants are never perturbed
            }
            else
            {
                Assert.Equal(m, decisions[m].Parent);
                Assert.False(decisions[m].Exploits(m));
                Assert.Equal(members[m].Config, decisions[m].Config);
                Assert.Empty(decisions[m].Perturbed);
            }
        }
    }

    [Fact]
    public void LowerIsBetterRanksTheSmallestScoresOnTop()
    {
        var decisions = new PopulationExplorer(Spec(4, lowerIsBetter: true), [LearningRate], 1)
            .Next(0, Members(0.5, 0.1, 0.9, 0.3));
        Assert.Equal(1, decisions[2].Parent); // the largest loss copies the smallest
        Assert.Equal([0, 1, 3], new[] { 0, 1, 3 }.Where(m => decisions[m].Parent == m));
    }

    [Fact]
    public void MembersWithoutAScoreExploitEvenOutsideTheBottomQuantile()
    {
        var decisions = new PopulationExplorer(Spec(8), [LearningRate], 3)
            .Next(0, Members(0.1, 0.2, null, 0.4, double.NaN, 0.6, 0.7, 0.8));
        Assert.Contains(decisions[2].Parent, new[] { 6, 7 });
        Assert.Contains(decisions[4].Parent, new[] { 6, 7 });
        Assert.Contains(decisions[0].Parent, new[] { 6, 7 });
        Assert.Equal(3, decisions[3].Parent);
    }

    [Fact]
    public void NoScoreAtAllLeavesEveryMemberOnItsOwnCheckpoint()
    {
        var decisions = new PopulationExplorer(Spec(4), [LearningRate], 3).Next(0, Members(null, null, null, null));
        Assert.Equal([0, 1, 2, 3], decisions.Select(d => d.Parent));
    }

    [Fact]
    public void TheSameSeedAndIntervalGiveTheSameDecisions()
    {
        var members = Members(0, 1, 2, 3, 4, 5, 6, 7);
        string Run(long seed, int generation) => string.Join(";", new PopulationExplorer(Spec(8), [LearningRate], seed)
            .Next(generation, members).Select(d => $"{d.Parent}:{d.Config["learning_rate"]}"));
        Assert.Equal(Run(11, 2), Run(11, 2));
        var others = Enumerable.Range(0, 10).Select(g => Run(11, g)).Distinct().Count();
        Assert.True(others > 1, "every interval drew the same decisions");
    }

    [Fact]
    public void WithoutResamplingANumberIsMultipliedByFourFifthsOrSixFifths()
    {
        var seen = new HashSet<double>();
        for (var generation = 0; generation < 40; generation++)
        {
            var members = Members(0, 1, 2, 3, 4, 5, 6, 7);
            var decisions = new PopulationExplorer(Spec(8, resample: 0), [LearningRate], 9).Next(generation, members);
            foreach (var d in decisions.Where((d, m) => d.Exploits(m)))
            {
                var ratio = Lr(d.Config) / Lr(members[d.Parent].Config);
                Assert.True(Math.Abs(ratio - 0.8) < 1e-4 || Math.Abs(ratio - 1.2) < 1e-4, $"ratio {ratio}");
                seen.Add(Math.Round(ratio, 1));
                Assert.Single(d.Perturbed);
                Assert.StartsWith("learning_rate: ", d.Perturbed[0], StringComparison.Ordinal);
            }
        }
        Assert.Equal([0.8, 1.2], seen.Order());
    }

    [Fact]
    public void PerturbedNumbersStayInTheirRange()
    {
        var narrow = new ParameterSpec("learning_rate", ParameterKind.LogUniformValues, [], 0.07, 0.08, 1);
        for (var generation = 0; generation < 20; generation++)
        {
            var members = Members(0, 1, 2, 3, 4, 5, 6, 7); // the top members have 0.07 and 0.08: x1.2 leaves the range
            var decisions = new PopulationExplorer(Spec(8, resample: 0), [narrow], 2).Next(generation, members);
            foreach (var d in decisions.Where((d, m) => d.Exploits(m)))
                Assert.InRange(Lr(d.Config), 0.07 - 1e-9, 0.08 + 1e-9);
        }
    }

    [Fact]
    public void AChoiceMovesToANeighbouringValue()
    {
        var choice = new ParameterSpec("learning_rate", ParameterKind.Categorical, ["0.3", "0.1", "0.03", "0.01"], 0, 0,
            0);
        var moves = new HashSet<(string, string)>();
        for (var generation = 0; generation < 30; generation++)
        {
            List<PopulationExplorer.Member> members =
            [
                new(new Dictionary<string, string> { ["learning_rate"] = "0.01" }, 0.1),
                new(new Dictionary<string, string> { ["learning_rate"] = "0.1" }, 0.9),
                new(new Dictionary<string, string> { ["learning_rate"] = "0.3" }, 0.2),
                new(new Dictionary<string, string> { ["learning_rate"] = "0.03" }, 0.5),
            ];
            var d = new PopulationExplorer(Spec(4, resample: 0), [choice], 4).Next(generation, members)[0];
            Assert.Equal(1, d.Parent);
            moves.Add(("0.1", d.Config["learning_rate"]));
        }
        Assert.Equal([("0.1", "0.03"), ("0.1", "0.3")], moves.Order());
    }

    [Fact]
    public void AboutTheResampleProbabilityOfValuesAreDrawnAfresh()
    {
        int exploits = 0, fresh = 0;
        for (var generation = 0; generation < 200; generation++)
        {
            var members = Members(0, 1, 2, 3, 4, 5, 6, 7);
            var decisions = new PopulationExplorer(Spec(8, resample: 0.25), [LearningRate], 21)
                .Next(generation, members);
            foreach (var d in decisions.Where((d, m) => d.Exploits(m)))
            {
                exploits++;
                var ratio = Lr(d.Config) / Lr(members[d.Parent].Config);
                if (Math.Abs(ratio - 0.8) > 1e-4 && Math.Abs(ratio - 1.2) > 1e-4) fresh++;
                Assert.InRange(Lr(d.Config), 0.001, 1.0);
            }
        }
        Assert.Equal(400, exploits);
        Assert.InRange(fresh / (double)exploits, 0.18, 0.32);
    }
}
