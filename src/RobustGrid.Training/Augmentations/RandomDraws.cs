using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations;

/// <summary>Per-sample random draws as tensors from one seeded generator (no host-side randomness).</summary>
public static class RandomDraws
{
    /// <summary>U(low, high) as float64, shape [count].</summary>
    public static Tensor Uniform(long count, double low, double high, Generator generator, Device device) =>
        rand([count], ScalarType.Float64, device, generator: generator).mul_(high - low).add_(low);

    /// <summary>numpy's randint(low, high): integers in [low, high), int64, shape [count].</summary>
    public static Tensor Integers(long count, long low, long high, Generator generator, Device device) =>
        randint(low, high, [count], ScalarType.Int64, device, generator: generator);

    /// <summary>True with probability <paramref name="probability"/>, shape [count].</summary>
    public static Tensor Coin(long count, double probability, Generator generator, Device device) =>
        rand([count], ScalarType.Float64, device, generator: generator).lt(probability);

    /// <summary>Dirichlet(alpha, …, alpha) over <paramref name="categories"/>, float32, shape [count,
    /// categories].</summary>
    public static Tensor Dirichlet(long count, int categories, double alpha, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        var concentration = full([count, categories], alpha, ScalarType.Float64, device);
        return _sample_dirichlet(concentration, generator).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Beta(a, b) as the first coordinate of Dirichlet(a, b), float32, shape [count].</summary>
    public static Tensor Beta(long count, double a, double b, Generator generator, Device device)
    {
        using var scope = NewDisposeScope();
        var concentration = tensor(new[] { a, b }, ScalarType.Float64, device).expand(count, 2).contiguous();
        return _sample_dirichlet(concentration, generator).select(1, 0).to(ScalarType.Float32)
            .MoveToOuterDisposeScope();
    }
}
