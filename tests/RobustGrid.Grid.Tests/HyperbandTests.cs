using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Grains;
using RobustGrid.Grid.Grains.Scheduling;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Hyperband's brackets have the sizes of Li et al. 2018's table, every bracket gets its share of each iteration,
/// each bracket stops trials from its own first rung on, and on synthetic learning curves the best configuration
/// trains to the end while the sweep spends a fraction of the epochs of full training.
/// </summary>
public sealed class HyperbandTests
{
    /// <summary>R = 81 epochs, eta = 3: rungs 1, 3, 9, 27 below 81, five brackets.</summary>
    private static readonly EarlyTerminationSpec Hyperband81 =
        new("hyperband", MinIter: 1, Eta: 3, MaxIter: 81, "test_accuracy", LowerIsBetter: false);

    [Fact]
    public void BracketSizesAreThoseOfThePaper()
    {
        // Li et al. 2018, table 1 (R = 81, eta = 3): n = 81, 34, 15, 8, 5 for s = 4 .. 0.
        var brackets = Hyperband81.Brackets();
        Assert.Equal(5, brackets.Count);
        Assert.Equal([81, 34, 15, 8, 5], Enumerable.Range(0, 5).Select(brackets.Size));
        Assert.Equal(143, brackets.IterationSize);
        Assert.Equal([0, 1, 2, 3, 4], Enumerable.Range(0, 5).Select(brackets.FirstRung));
    }

    [Fact]
    public void EveryIterationDealsEachBracketItsSizeAndEarlyConfigurationsReachEveryBracket()
    {
        var brackets = Hyperband81.Brackets();
        for (var iteration = 0; iteration < 2; iteration++)
        {
            var dealt = Enumerable.Range(iteration * 143, 143).Select(brackets.BracketOf).ToList();
            Assert.Equal([81, 34, 15, 8, 5], Enumerable.Range(0, 5).Select(b => dealt.Count(x => x == b)));
        }
        // Interleaved: a sweep of 30 configurations already runs every bracket, the smallest (5 of 143) too.
        Assert.Equal(5, Enumerable.Range(0, 30).Select(brackets.BracketOf).Distinct().Count());
    }

    [Fact]
    public void TheBracketLimitKeepsTheMostAggressiveBrackets()
    {
        var brackets = (Hyperband81 with { BracketLimit = 2 }).Brackets();
        Assert.Equal(2, brackets.Count);
        Assert.Equal([81, 34], Enumerable.Range(0, 2).Select(brackets.Size));
    }

    [Fact]
    public void EachBracketStopsTrialsFromItsOwnFirstRung()
    {
        var brackets = Hyperband81.Brackets();
        var scheduler = TrialSchedulers.For(Hyperband81);
        Assert.IsType<HyperbandScheduler>(scheduler);
        int InBracket(int bracket, int nth) =>
            Enumerable.Range(0, 1000).Where(c => brackets.BracketOf(c) == bracket).ElementAt(nth);
        // Bracket 1 judges from epoch 3 on: at epoch 1 a weak trial goes on whatever came before.
        var (strong, weak) = (InBracket(1, 0), InBracket(1, 1));
        Assert.Equal(RungDecision.Continue, scheduler.Decide(strong, 1, 0.9));
        Assert.Equal(RungDecision.Continue, scheduler.Decide(weak, 1, 0.1));
        Assert.Equal(RungDecision.Continue, scheduler.Decide(strong, 3, 0.9));
        Assert.Equal(RungDecision.Stop, scheduler.Decide(weak, 3, 0.1));
        // Bracket 0 judges at epoch 1, against its own records only: bracket 1's 0.9 there does not count.
        var (first, second, third) = (InBracket(0, 0), InBracket(0, 1), InBracket(0, 2));
        Assert.Equal(RungDecision.Continue, scheduler.Decide(first, 1, 0.3));
        Assert.Equal(RungDecision.Continue, scheduler.Decide(second, 1, 0.4));
        Assert.Equal(RungDecision.Stop, scheduler.Decide(third, 1, 0.2));
        // The last bracket never stops a trial.
        var last = InBracket(4, 0);
        Assert.All(new[] { 1, 3, 9, 27 }, rung => Assert.Equal(RungDecision.Continue, scheduler.Decide(last, rung, 0)));
    }

    [Fact]
    public void ARestoredSchedulerDecidesAsTheOriginalAndRepeatsItsAnswers()
    {
        var original = TrialSchedulers.For(Hyperband81);
        var random = new Random(7);
        var decisions = new List<RungDecision>();
        for (var i = 0; i < 60; i++) decisions.Add(original.Decide(i, 1, random.NextDouble()));
        Assert.Contains(RungDecision.Stop, decisions);
        var restored = TrialSchedulers.For(Hyperband81);
        restored.Restore([.. original.Save().Select(r => new RungRecord { Index = r.Index, Rung = r.Rung,
            Value = r.Value })]);
        // A resumed attempt reports its rung again with another value: it gets its first answer back.
        for (var i = 0; i < 60; i++) Assert.Equal(decisions[i], restored.Decide(i, 1, 0.0));
        var next = random.NextDouble();
        Assert.Equal(original.Decide(60, 1, next), restored.Decide(60, 1, next));
    }

    [Fact]
    public void OnSyntheticCurvesTheBestConfigurationTrainsToTheEndOnAFractionOfTheEpochs()
    {
        // Configuration c has a true quality q; its test accuracy after e epochs is q * (1 - 0.7^e), so rankings at
        // every rung are the final ranking. Trials run one after another, as with parallel_trials: 1.
        const int configurations = 143;
        const int maxEpochs = 81;
        var qualities = new Random(2018);
        var q = Enumerable.Range(0, configurations).Select(_ => qualities.NextDouble()).ToArray();
        var scheduler = TrialSchedulers.For(Hyperband81);
        var rungs = Hyperband81.Rungs();
        var trained = new int[configurations];
        for (var c = 0; c < configurations; c++)
        {
            trained[c] = maxEpochs;
            foreach (var rung in rungs)
            {
                if (scheduler.Decide(c, rung, q[c] * (1 - Math.Pow(0.7, rung))) != RungDecision.Stop) continue;
                trained[c] = rung;
                break;
            }
        }
        var best = Array.IndexOf(q, q.Max());
        Assert.Equal(maxEpochs, trained[best]);
        var spent = trained.Sum() / (double)(configurations * maxEpochs);
        Assert.True(spent < 0.5, $"spent {spent:P0} of full training");
        // Hyperband's last bracket (5 of 143 configurations) trains everything, so some weak ones finish too.
        Assert.True(trained.Count(t => t == maxEpochs) > 5);
    }
}
