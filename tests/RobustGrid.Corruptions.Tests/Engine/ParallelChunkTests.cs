using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Tests.Fixtures;
using TorchSharp;

namespace RobustGrid.Corruptions.Tests.Engine;

/// <summary>Chunks corrupted side by side give the same bytes as one thread, for every corruption and a partial
/// chunk.</summary>
public sealed class ParallelChunkTests
{
    [Fact]
    public void ParallelWorkersGiveTheBytesOfOneThread()
    {
        var sequential = CorruptionEngine.Default();
        var parallel = new CorruptionEngine(sequential.Registry) { Workers = 3 };
        // Two full chunks of the 200 fixture images and a partial third one.
        using var fixture = ReferenceFixtures.InputTensor(200);
        using var input = torch.cat([fixture, fixture.narrow(0, 0, 17)], 0);
        foreach (var corruption in sequential.Registry.All)
        {
            using var one = sequential.Corrupt(input, corruption.Name, 4, seed: 9);
            using var many = parallel.Corrupt(input, corruption.Name, 4, seed: 9);
            Assert.True(one.data<byte>().ToArray().AsSpan().SequenceEqual(many.data<byte>().ToArray()),
                $"{corruption.Name} differs with 3 workers");
        }
    }
}
