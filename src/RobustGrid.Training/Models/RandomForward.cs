using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Models;

/// <summary>A module that draws random numbers in its forward pass (dropout), from a generator its run gives
/// it.</summary>
internal interface IRandomForward
{
    Generator? Generator { set; }
}

/// <summary>
/// Hands a run's generator to every module of a model that draws in its forward pass, so that training draws never
/// touch libtorch's process-wide generator, which concurrent runs share.
/// </summary>
public static class RandomForward
{
    /// <summary>Gives <paramref name="generator"/> to the model's drawing modules until the result is
    /// disposed.</summary>
    public static IDisposable Use(nn.Module model, Generator generator)
    {
        Set(model, generator);
        return new Lease(model);
    }

    private static void Set(nn.Module model, Generator? generator)
    {
        foreach (var module in model.modules())
        {
            if (module is IRandomForward random) random.Generator = generator;
        }
    }

    /// <summary>Takes the generator back, so no module keeps one its run has disposed.</summary>
    private sealed class Lease(nn.Module model) : IDisposable
    {
        public void Dispose() => Set(model, null);
    }

    /// <summary>
    /// Inverted dropout (zero with probability <paramref name="rate"/>, scale the rest by 1 / (1 − rate)), as
    /// <c>nn.functional.dropout</c> computes it, but drawing its mask from <paramref name="generator"/> when given.
    /// </summary>
    public static Tensor Dropout(Tensor input, double rate, bool training, Generator? generator)
    {
        if (!training || rate == 0) return input.alias();
        if (generator is null) return nn.functional.dropout(input, rate, training);
        using var mask = empty_like(input).bernoulli_(1 - rate, generator);
        return input.mul(mask).div_(1 - rate);
    }
}
