using RobustGrid.Corruptions.Core;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Shifts;

/// <summary>
/// The corruption engine's 15 benchmark corruptions (CIFAR-10-C parameters; 28×28 grey images follow the engine's
/// greyscale rule: padded to 32×32 RGB, corrupted, cropped, first channel) as a DynTTA corruption suite. The engine
/// seeds each call itself; the seed is drawn from the caller's generator, so a seeded generator fixes the result.
/// </summary>
public sealed class EngineCorruptions : ICorruptionSuite
{
    private readonly CorruptionEngine _engine;

    public EngineCorruptions(CorruptionEngine? engine = null)
    {
        _engine = engine ?? CorruptionEngine.Default();
        Corruptions = _engine.Registry.Benchmark.Select(c => c.Name).ToArray();
    }

    public string Name => "corruption engine, 15 CIFAR-10-C benchmark corruptions (greyscale rule for 28x28)";
    public IReadOnlyList<string> Corruptions { get; }
    public int Severities => Severity.Max;

    public Tensor Apply(Tensor byteImages, int corruption, int severity, Generator generator)
    {
        using var scope = NewDisposeScope();
        var seed = randint(0, long.MaxValue, [1], generator: generator, device: CPU).item<long>();
        var nhwc = byteImages.permute(0, 2, 3, 1).contiguous();
        var corrupted = _engine.Corrupt(nhwc, Corruptions[corruption], severity, seed);
        return corrupted.permute(0, 3, 1, 2).to(ScalarType.Float32).div(255.0).MoveToOuterDisposeScope();
    }
}
