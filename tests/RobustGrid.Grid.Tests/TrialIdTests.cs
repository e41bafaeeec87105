using RobustGrid.Grid.Contracts;
using RobustGrid.Grid.Grains.Execution;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Training;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Trial ids have one text form, and references to trials are read from it: a reference names the referenced trial's
/// run folder in the checkpoint store it is given, wherever the referring trial runs.
/// </summary>
public sealed class TrialIdTests
{
    [Theory]
    [InlineData("s", 7, "s/00007")]
    [InlineData("my-sweep-20261202-101500-ab12", 0, "my-sweep-20261202-101500-ab12/00000")]
    [InlineData("a.b_c", 123_456, "a.b_c/123456")]
    public void AnIdIsWrittenAndReadBackAsOneText(string sweep, int index, string text)
    {
        var id = new TrialId(sweep, index);
        Assert.Equal(text, id.ToString());
        Assert.True(TrialId.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal((sweep, index), (parsed.SweepId, parsed.Index));
    }

    [Theory]
    [InlineData("s/7")]
    [InlineData("s/000007")]
    [InlineData("s/-0001")]
    [InlineData("s/best")]
    [InlineData("s/99999999999")]
    [InlineData("s")]
    [InlineData("/00001")]
    [InlineData("../00001")]
    [InlineData("a/b/00001")]
    [InlineData("my sweep/00001")]
    public void AnythingElseIsNotATrialId(string text)
    {
        Assert.False(TrialId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => TrialId.Parse(text));
    }

    [Fact]
    public void ATrialSpecCarriesItsIdInBothForms()
    {
        var (spec, errors) = SweepSpecParser.Parse("dataset: cifar10\nparameters:\n  learning_rate: {values: [0.1]}\n");
        Assert.Empty(errors);
        var trial =
            TrialFactory.Create("sweep-1", spec!, 0, new Dictionary<string, string> { ["learning_rate"] = "0.1" });
        Assert.Equal("sweep-1/00000", trial.TrialId);
        Assert.Equal(new TrialId("sweep-1", 0), trial.Id);
    }

    [Fact]
    public void ReferencesNameATrialOrTheBestOfASweep()
    {
        Assert.True(TrialReference.TryParse("trial:s-1/00003", out var trial));
        Assert.Equal((new TrialId("s-1", 3), (string?)null), (trial.Trial, trial.BestOfSweep));
        Assert.True(TrialReference.TryParse("trial:quick/best", out var best));
        Assert.Equal(((TrialId?)null, "quick"), (best.Trial, best.BestOfSweep));
        Assert.Equal("trial:quick/best", best.ToString());
        Assert.Equal("trial:s-1/00003", TrialReference.To(new TrialId("s-1", 3)).ToString());
        Assert.False(TrialReference.TryParse("trial:s-1/3", out _));
        Assert.False(TrialReference.TryParse("/runs/s-1/00003", out _));
    }

    [Fact]
    public void AReferenceIsResolvedThroughTheStoreItIsGivenNotBesideTheRunFolder()
    {
        var root = Path.Combine(Path.GetTempPath(), "robustgrid-tests", Guid.NewGuid().ToString("N"));
        var store = new SharedFileCheckpointStore(root);
        var spec = TrialFactory.Create("later", ParsedSpec(), 0, new Dictionary<string, string>
        {
            ["method"] = "advbn",
            ["advbn.checkpoint"] = "trial:earlier-1/00004",
            ["learning_rate"] = "0.1",
        });
        var resolved = TrialReferences.Resolve(spec, store);
        Assert.Equal(Path.Combine(root, "sweeps", "earlier-1", "00004"), resolved.Parameters["advbn.checkpoint"]);
        Assert.Equal("0.1", resolved.Parameters["learning_rate"]);
        Assert.Equal(store.RunDirectory(new TrialId("earlier-1", 4)), resolved.Parameters["advbn.checkpoint"]);
        // A /best reference reaching a trainer was never resolved at launch: refused, not read as a path.
        var unresolved = spec with { Parameters = new() { ["advbn.checkpoint"] = "trial:earlier/best" } };
        Assert.Throws<ArgumentException>(() => TrialReferences.Resolve(unresolved, store));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../sweeps")]
    [InlineData("")]
    public void AStageFolderStaysUnderTheStoresStages(string name) =>
        Assert.Throws<ArgumentException>(() => new SharedFileCheckpointStore("/tmp/store").StageDirectory(name));

    [Fact]
    public void BestReferencesAreReplacedInTheParsedParametersOnly()
    {
        var (parsed, errors) = SweepSpecParser.Parse("""
            name: uses-best
            description: "trains on trial:quick/best"
            dataset: fashion-mnist
            parameters:
              method: {value: advbn}
              advbn.checkpoint: {values: ["trial:quick/best", "trial:other-20261201-000000-0000/00002"]}
            """);
        Assert.Empty(errors);
        var sweeps = new[]
        {
            Summary("quick", "quick-20261201-000000-aaaa/00001", SweepState.Completed, 1),
            Summary("quick", "quick-20261202-000000-bbbb/00003", SweepState.Completed, 2),
            Summary("quick", "quick-20261203-000000-cccc/00000", SweepState.Running, 3),
        };
        var (best, refused) = BestTrialReferences.Resolve(parsed!, sweeps);
        Assert.Empty(refused);
        Assert.Equal("quick-20261202-000000-bbbb/00003", Assert.Single(best).Value); // the latest completed one

        var (spec, unresolved) = BestTrialReferences.Apply(parsed!, best);
        Assert.Empty(unresolved);
        Assert.Equal(["trial:quick-20261202-000000-bbbb/00003", "trial:other-20261201-000000-0000/00002"],
            spec.Parameters.Single(p => p.Name == "advbn.checkpoint").Values);
        Assert.Contains(BestTrialReferences.Apply(parsed!, new Dictionary<string, string>()).Errors,
            e => e.Contains("'trial:quick/best' was not resolved", StringComparison.Ordinal));
        Assert.Contains(BestTrialReferences.Resolve(parsed!, []).Errors,
            e => e.Contains("no completed sweep named 'quick'", StringComparison.Ordinal));
    }

    private static SweepSpec ParsedSpec() =>
        SweepSpecParser.Parse("dataset: fashion-mnist\nparameters:\n  learning_rate: {values: [0.1]}\n").Spec!;

    private static SweepSummary Summary(string name, string best, SweepState state, int day) =>
        new(best[..best.IndexOf('/')], name, state, "fashion-mnist", "clean", "grid", MetricNames.CleanError, 1, 1, 1,
            [], best, 0.1, null, new DateTimeOffset(2026, 12, day, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, day, 0, 0, 0, TimeSpan.Zero));
}
