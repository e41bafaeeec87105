using static TorchSharp.torch;

namespace RobustGrid.TestTime.Shifts;

/// <summary>
/// DynTTA's non-blind training shift (Corruption_dataset): each image gets a uniformly random corruption of the suite
/// at a uniformly random severity. Images are grouped by (corruption, severity), so the suite runs once per group.
/// </summary>
internal sealed class RandomCorruptionShift(ICorruptionSuite suite) : IBatchShift
{
    public string Name => $"random corruption of {suite.Name}";

    public Tensor Apply(Tensor byteImages, Generator generator)
    {
        using var scope = NewDisposeScope();
        var count = byteImages.shape[0];
        var corruptions = randint(0, suite.Corruptions.Count, [count], generator: generator, device: CPU).data<long>()
            .ToArray();
        var severities = randint(1, suite.Severities + 1, [count], generator: generator, device: CPU).data<long>()
            .ToArray();
        var result = byteImages.to(ScalarType.Float32).div(255.0);
        foreach (var group in Enumerable.Range(0, (int)count).GroupBy(i => (corruptions[i], severities[i])))
        {
            var index = tensor(group.Select(i => (long)i).ToArray(), device: byteImages.device);
            var shifted = suite.Apply(byteImages.index_select(0, index), (int)group.Key.Item1, (int)group.Key.Item2,
                generator);
            result = result.index_copy(0, index, shifted.to(ScalarType.Float32));
        }
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>Applies a shift to each image with a probability (DynTTA: 15/16), else keeps it clean.</summary>
internal static class ShiftMix
{
    public static Tensor Apply(Tensor byteImages, IBatchShift shift, double probability, Generator generator)
    {
        using var scope = NewDisposeScope();
        var clean = byteImages.to(ScalarType.Float32).div(255.0);
        if (probability <= 0) return clean.MoveToOuterDisposeScope();
        var shifted = shift.Apply(byteImages, generator);
        var chosen = rand([byteImages.shape[0]], generator: generator, device: CPU).lt(probability)
            .to(byteImages.device).view(-1, 1, 1, 1);
        return where(chosen, shifted, clean).MoveToOuterDisposeScope();
    }
}
