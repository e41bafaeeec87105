namespace RobustGrid.Grid.Grains.Options;

/// <summary>
/// What one sweep may ask of the grid (section "RobustGrid:Limits", or ROBUSTGRID__LIMITS__* variables). A spec is
/// checked against them before anything in it is expanded or allocated, and a refusal names the field, the limit and
/// its setting. They bound a request from anyone who can reach the API; the catalog's ranges still apply beneath them.
/// The silo that hosts the sweep registry enforces them, so every silo of a cluster should have the same.
/// </summary>
public sealed class SweepLimits
{
    public const string Section = "RobustGrid:Limits";

    /// <summary>Size of a spec in bytes (UTF-8), and of the HTTP request body that carries one.</summary>
    public int MaxSpecBytes { get; set; } = 256 * 1024;

    /// <summary>Epochs of one trial, whoever sets them (the spec or a method's recipe), and of any stage.</summary>
    public int MaxEpochs { get; set; } = 1000;

    /// <summary>Images a trial or an evaluation is asked to use (train_limit, test_limit, n_examples, …).</summary>
    public int MaxImages { get; set; } = 1_000_000;

    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>Seeds of one sweep (a count or a list).</summary>
    public int MaxSeeds { get; set; } = 100;

    /// <summary>Trials one sweep defines: run_cap, and a grid's configurations × seeds.</summary>
    public int MaxTrialsPerSweep { get; set; } = 10_000;

    public int MaxParallelTrials { get; set; } = 64;

    /// <summary>Sweeps running or paused at once; a launch beyond them is refused until one finishes.</summary>
    public int MaxConcurrentSweeps { get; set; } = 20;

    /// <summary>The limits of a spec the grid already accepted: it is read again on every activation of its sweep, and
    /// limits lowered since must not fail a sweep that was running within them.</summary>
    public static SweepLimits Unlimited => new()
    {
        MaxSpecBytes = int.MaxValue,
        MaxEpochs = int.MaxValue,
        MaxImages = int.MaxValue,
        MaxBatchSize = int.MaxValue,
        MaxSeeds = int.MaxValue,
        MaxTrialsPerSweep = int.MaxValue,
        MaxParallelTrials = int.MaxValue,
        MaxConcurrentSweeps = int.MaxValue,
    };

    /// <summary>The setting that holds a limit, for refusals ("RobustGrid:Limits:MaxEpochs").</summary>
    public static string Key(string property) => $"{Section}:{property}";

    /// <summary>Throws naming the first limit that is not a positive number.</summary>
    public void Validate()
    {
        foreach (var property in typeof(SweepLimits).GetProperties().Where(p => p.PropertyType == typeof(int)))
            if ((int)property.GetValue(this)! < 1)
                throw new InvalidOperationException($"{Key(property.Name)} must be at least 1");
    }
}
