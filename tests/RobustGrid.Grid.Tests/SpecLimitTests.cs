using Microsoft.Extensions.Configuration;
using RobustGrid.Grid.Grains.Options;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Grid.Hosting;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// The operator's limits bound what a spec may ask for. Each refusal names the field, the limit and the setting that
/// holds it, and comes before anything the number sizes is built: a hundred million seeds are refused without being
/// listed.
/// </summary>
public sealed class SpecLimitTests
{
    private const string Head = "dataset: fashion-mnist\n";

    private static readonly SweepLimits Small = new()
    {
        MaxSpecBytes = 4096,
        MaxEpochs = 10,
        MaxImages = 5000,
        MaxBatchSize = 256,
        MaxSeeds = 3,
        MaxTrialsPerSweep = 20,
        MaxParallelTrials = 4,
        MaxConcurrentSweeps = 2,
    };

    private static void Refused(string yaml, string path, string fragment)
    {
        var errors = SweepSpecParser.Parse(yaml, rules: new SpecRules(Small, InputSandbox.None)).Errors;
        Assert.True(errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected {path}: ...{fragment}..., got:\n{string.Join("\n", errors)}");
    }

    /// <summary>Spec body (after the dataset), the field refused and what its refusal says.</summary>
    public static TheoryData<string, string, string> OverALimit => new()
    {
        { "parameters:\n  epochs: {value: 11}\n", "parameters.epochs",
            "11 is above this grid's limit of 10 epochs (RobustGrid:Limits:MaxEpochs)" },
        { "parameters:\n  epochs: {values: [1, 12]}\n", "parameters.epochs",
            "12 is above this grid's limit of 10 epochs" },
        { "method: random\nrun_cap: 2\nparameters:\n  epochs: {min: 1, max: 50}\n", "parameters.epochs.max",
            "50 is above this grid's limit of 10 epochs" },
        { "parameters:\n  method: {value: augmix}\n", "parameters.epochs",
            "100 is above this grid's limit of 10 epochs" },
        { "parameters:\n  natra.stage.gan-epochs: {value: 11}\n", "parameters.natra.stage.gan-epochs",
            "limit of 10 epochs" },
        { "parameters:\n  epochs: {value: 5}\nearly_terminate: {type: asha, max_iter: 11}\n",
            "early_terminate.max_iter", "limit of 10 epochs" },
        { "parameters:\n  train_limit: {value: 5001}\n", "parameters.train_limit",
            "5001 is above this grid's limit of 5000 images (RobustGrid:Limits:MaxImages)" },
        { "parameters:\n  natra.stage.expansion-images: {value: 9000}\n", "parameters.natra.stage.expansion-images",
            "limit of 5000 images" },
        { "parameters:\n  epochs: {value: 1}\nevaluation: {n_examples: 9999}\n", "evaluation.n_examples",
            "limit of 5000 images" },
        { "parameters:\n  epochs: {value: 1}\nevaluation: {adversarial_examples: 9999}\n",
            "evaluation.adversarial_examples", "limit of 5000 images" },
        { "parameters:\n  batch_size: {value: 512}\n", "parameters.batch_size",
            "512 is above this grid's limit of 256 images per batch (RobustGrid:Limits:MaxBatchSize)" },
        { "parameters:\n  dyntta.batch-size: {value: 512}\n", "parameters.dyntta.batch-size",
            "limit of 256 images per batch" },
        { "parameters:\n  epochs: {value: 1}\nseeds: 4\n", "seeds",
            "4 is above this grid's limit of 3 seeds (RobustGrid:Limits:MaxSeeds)" },
        { "parameters:\n  epochs: {value: 1}\nseeds: [1, 2, 3, 4]\n", "seeds",
            "4 is above this grid's limit of 3 seeds" },
        { "parameters:\n  epochs: {value: 1}\nrun_cap: 21\n", "run_cap",
            "21 is above this grid's limit of 20 trials per sweep (RobustGrid:Limits:MaxTrialsPerSweep)" },
        { "parameters:\n  learning_rate: {values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]}\nseeds: 3\n", "parameters",
            "21 trials (7 configurations x 3 seeds) is above this grid's limit of 20 trials per sweep" },
        { "parameters:\n  epochs: {value: 1}\nparallel_trials: 5\n", "parallel_trials",
            "5 is above this grid's limit of 4 parallel trials (RobustGrid:Limits:MaxParallelTrials)" },
    };

    [Theory]
    [MemberData(nameof(OverALimit))]
    public void ASpecOverALimitIsRefusedNamingTheFieldAndTheLimit(string body, string path,
        string fragment) => Refused(Head + body, path, fragment);

    [Fact]
    public void ASpecLargerThanTheLimitIsRefusedBeforeItIsRead() =>
        Refused(Head + "description: " + new string('x', Small.MaxSpecBytes) + "\n", "(spec)",
            "limit of 4096 bytes (RobustGrid:Limits:MaxSpecBytes)");

    [Fact]
    public void ASpecWithinEveryLimitIsAccepted()
    {
        var yaml = Head + """
            parameters:
              epochs: {value: 10}
              batch_size: {value: 256}
              train_limit: {value: 5000}
              learning_rate: {values: [0.1, 0.2]}
            seeds: 3
            parallel_trials: 4
            """;
        var (spec, errors) = SweepSpecParser.Parse(yaml, rules: new SpecRules(Small, InputSandbox.None));
        Assert.Empty(errors);
        Assert.Equal(6, spec!.DefinedTrials);
    }

    [Fact]
    public void AHundredMillionSeedsAreRefusedWithoutBeingListed()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var errors = SweepSpecParser.Parse(Head + "parameters:\n  epochs: {value: 1}\nseeds: 100000000\n").Errors;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var limit = $"limit of {new SweepLimits().MaxSeeds} seeds";
        Assert.Contains(errors, e => e.Path == "seeds" && e.Message.Contains(limit, StringComparison.Ordinal));
        Assert.True(allocated < 16 << 20, $"refusing the seeds allocated {allocated} bytes");
    }

    [Fact]
    public void AGridFarOverTheLimitIsCountedNotListed()
    {
        // 99 values for each of 8 parameters: 99^8 configurations.
        var values = string.Join(", ", Enumerable.Range(1, 99).Select(i => $"0.{i:D2}"));
        string[] names =
        [
            "learning_rate", "min_learning_rate", "weight_decay", "momentum", "augmix.alpha", "augmix.jsd_weight",
            "ipmix.jsd_weight", "ipmix.beta",
        ];
        var parameters = string.Concat(names.Select(name => $"  {name}: {{values: [{values}]}}\n"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var errors = SweepSpecParser.Parse(Head + "parameters:\n" + parameters + "seeds: 100\n").Errors;
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
        const string Refusal = "a grid of more than 10000 configurations is above this grid's limit of 10000 trials";
        Assert.Contains(errors, e => e.Path == "parameters" && e.Message.Contains(Refusal, StringComparison.Ordinal));
    }

    [Fact]
    public void TheLimitsAreReadFromConfigurationAndMustBePositive()
    {
        var limits = Read(new()
        {
            ["RobustGrid:Limits:MaxEpochs"] = "7",
            ["RobustGrid:Limits:MaxConcurrentSweeps"] = "3",
        });
        Assert.Equal(7, limits.MaxEpochs);
        Assert.Equal(3, limits.MaxConcurrentSweeps);
        Assert.Equal(new SweepLimits().MaxSeeds, limits.MaxSeeds);
        var zero = Assert.Throws<InvalidOperationException>(() => Read(new() { ["RobustGrid:Limits:MaxSeeds"] = "0" }));
        Assert.Equal("RobustGrid:Limits:MaxSeeds must be at least 1", zero.Message);

        static SweepLimits Read(Dictionary<string, string?> settings) =>
            GridConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Limits;
    }
}
