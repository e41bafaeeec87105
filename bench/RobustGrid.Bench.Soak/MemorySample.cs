namespace RobustGrid.Bench.Soak;

/// <param name="Completed">Trials of the soak sweep finished when the sample was taken.</param>
/// <param name="AllocatedBytes">The silo's native allocator, as its /metrics reported it; null for the embedded
/// grid, which exports no metrics.</param>
internal sealed record MemorySample(double Seconds, int Completed, long ResidentBytes, long? AllocatedBytes,
    long? RetainedBytes);

/// <param name="Failed">Trials that ended failed: a soak with failures measured less than it claims.</param>
internal sealed record SoakRun(string Grid, int Trials, int Failed, double WallSeconds, List<MemorySample> Samples);
