namespace RobustGrid.Bench.Grid;

/// <summary>Where a benchmark cluster keeps grain state.</summary>
internal enum BenchStorage
{
    /// <summary>Orleans' memory provider with the grid's state serializer: scheduling without any disk.</summary>
    Memory,

    /// <summary>The grid's file store with fsync, as <c>robustgrid sweep run</c> and a file-backed silo use
    /// it.</summary>
    File,

    /// <summary>Redis grain storage, as a Redis cluster's silos use it.</summary>
    Redis,
}

/// <summary>The storage a cluster is started with; <see cref="Redis"/> is HOST:PORT for
/// <see cref="BenchStorage.Redis"/>.</summary>
internal sealed record BenchStorageChoice(BenchStorage Kind, string? Redis)
{
    public static BenchStorageChoice Parse(string kind, string? redis) => kind switch
    {
        "memory" => new(BenchStorage.Memory, null),
        "file" => new(BenchStorage.File, null),
        "redis" => new(BenchStorage.Redis,
            redis ?? throw new ArgumentException("--storage redis needs --redis HOST:PORT (scripts/start-redis.sh)")),
        _ => throw new ArgumentException($"--storage: memory, file or redis (not {kind})"),
    };

    public string Name => Kind.ToString().ToLowerInvariant();
}
