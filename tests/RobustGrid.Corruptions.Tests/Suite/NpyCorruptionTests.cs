using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Corruptions.Tests.Fixtures;
using RobustGrid.Data;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Suite;

public sealed class NpyCorruptionTests
{
    private static readonly CorruptionEngine Engine = CorruptionEngine.Default();

    [Fact]
    public void CorruptingAFileKeepsShapeAndDtypeAndMatchesTheEngine()
    {
        var folder = Directory.CreateTempSubdirectory("corrupt-").FullName;
        var input = Path.Combine(folder, "x.npy");
        var pixels = ReferenceFixtures.Input().Data[..(5 * 3072)];
        NpyFile.Write(input, NpyArray.FromBytes(pixels, 5, 32, 32, 3));
        var output = Path.Combine(folder, "y.npy");
        NpyCorruption.CorruptFile(Engine, input, "snow", 4, 9, output);
        var written = NpyFile.ReadUInt8(output, 5, 32, 32, 3);
        using var expected = Engine.Corrupt(tensor(pixels, [5, 32, 32, 3]), "snow", 4, 9);
        Assert.Equal(expected.data<byte>().ToArray(), written.Data);
    }

    [Fact]
    public void BadInputFilesAreNamedWithTheProblem()
    {
        var folder = Directory.CreateTempSubdirectory("corrupt-bad-").FullName;
        var input = Path.Combine(folder, "chw.npy");
        NpyFile.Write(input, NpyArray.FromBytes(new byte[2 * 3 * 32 * 32], 2, 3, 32, 32));
        var shape = Assert.Throws<DataFormatException>(
            () => NpyCorruption.CorruptFile(Engine, input, "fog", 1, 0, Path.Combine(folder, "y.npy")));
        Assert.Contains("chw.npy", shape.Message);
        Assert.Contains("[N, 3, 32, 32]", shape.Message);
        Assert.Throws<FileNotFoundException>(
            () => NpyCorruption.CorruptFile(Engine, Path.Combine(folder, "none.npy"), "fog", 1, 0, "y.npy"));
        Assert.Throws<ArgumentException>(() => NpyCorruption.CorruptFile(Engine, input, "fgo", 1, 0, "y.npy"));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => NpyCorruption.CorruptFile(Engine, input, "fog", 7, 0, "y.npy"));
    }
}
