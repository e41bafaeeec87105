using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Weather;
using RobustGrid.Data;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Engine;

public sealed class BadInputTests
{
    private static readonly CorruptionEngine Engine = CorruptionEngine.Default();

    [Fact]
    public void UnknownCorruptionIsNamedWithTheKnownOnes()
    {
        using var input = zeros([2, 32, 32, 3], ScalarType.Byte);
        var error = Assert.Throws<ArgumentException>(() => Engine.Corrupt(input, "gaussian_nosie", 1, 0));
        Assert.Contains("unknown corruption 'gaussian_nosie'", error.Message);
        Assert.Contains("gaussian_noise", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void SeverityOutOfRangeIsRefused(int severity)
    {
        using var input = zeros([2, 32, 32, 3], ScalarType.Byte);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Corrupt(input, "fog", severity, 0));
        Assert.Contains($"severity {severity} of 'fog' is out of range", error.Message);
    }

    [Fact]
    public void FloatImagesAreRefusedNamingTheDtype()
    {
        using var input = zeros([2, 32, 32, 3], ScalarType.Float32);
        var error = Assert.Throws<ArgumentException>(() => Engine.Corrupt(input, "contrast", 1, 0));
        Assert.Contains("must be uint8", error.Message);
        Assert.Contains("Float32", error.Message);
    }

    [Theory]
    [InlineData(new long[] { 32, 32, 3 })]
    [InlineData(new long[] { 2, 3, 32, 32 })]
    [InlineData(new long[] { 2, 64, 64, 3 })]
    public void WrongShapesAreRefusedNamingTheShape(long[] shape)
    {
        using var input = zeros(shape, ScalarType.Byte);
        var error = Assert.Throws<ArgumentException>(() => Engine.Corrupt(input, "contrast", 1, 0));
        Assert.Contains(shape.Length == 4 ? $"[N, {shape[1]}, {shape[2]}, {shape[3]}]" : "3-D", error.Message);
    }

    [Fact]
    public void MissingFrostFolderIsAClearErrorWhenFrostRuns()
    {
        var engine = CorruptionEngine.Default(frostFolder: "/nonexistent/frost-textures");
        using var input = zeros([2, 32, 32, 3], ScalarType.Byte);
        Engine.Corrupt(input, "fog", 1, 0).Dispose(); // other corruptions do not need the textures
        var error = Assert.Throws<DirectoryNotFoundException>(() => engine.Corrupt(input, "frost", 1, 0));
        Assert.Contains("/nonexistent/frost-textures", error.Message);
    }

    [Fact]
    public void FrostFolderWithoutTheTexturesNamesTheMissingFiles()
    {
        var folder = Directory.CreateTempSubdirectory("frost-").FullName;
        File.Copy(Path.Combine(FrostTextures.Load().Folder, "frost1.png"), Path.Combine(folder, "frost1.png"));
        var error = Assert.Throws<FileNotFoundException>(() => FrostTextures.Load(folder));
        Assert.Contains("frost2.png", error.Message);
        Assert.Contains("frost5.jpg", error.Message);
        Assert.DoesNotContain("frost1.png,", error.Message);
    }

    [Fact]
    public void NpyWithTheWrongShapeOrDtypeIsRefusedNamingBoth()
    {
        var folder = Directory.CreateTempSubdirectory("npy-").FullName;
        var path = Path.Combine(folder, "x.npy");
        NpyFile.Write(path, NpyArray.FromBytes(new byte[2 * 28 * 28], 2, 28, 28));
        var shape = Assert.Throws<DataFormatException>(() => NpyFile.ReadUInt8(path, -1, 32, 32, 3));
        Assert.Contains("expected shape (N, 32, 32, 3), found (2, 28, 28)", shape.Message);
        NpyFile.Write(path, NpyArray.FromInt64([1, 2], 2));
        var dtype = Assert.Throws<DataFormatException>(() => NpyFile.ReadUInt8(path, -1));
        Assert.Contains("expected dtype uint8, found Int64", dtype.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => NpyFile.Read(Path.Combine(folder, "absent.npy")));
        Assert.Contains("absent.npy", missing.Message);
    }
}
