using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Corruptions.Tests.Fixtures;
using RobustGrid.Data;
using RobustGrid.Data.Formats;

namespace RobustGrid.Corruptions.Tests.Suite;

public sealed class SuiteTests
{
    private static readonly CorruptionEngine Engine = CorruptionEngine.Default();
    private static readonly string[] Two = ["gaussian_noise", "pixelate"];

    private static ImageSet CleanSet(int n)
    {
        var input = ReferenceFixtures.Input();
        var labels = Enumerable.Range(0, n).Select(i => i % 10).ToArray();
        return new ImageSet(input.Data[..(n * 3072)], labels, 32, 32, 3,
            Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    [Fact]
    public void WrittenFolderHasTheOfficialLayoutAndReadsBackIdentically()
    {
        var clean = CleanSet(12);
        var suite = new GeneratedSuite(Engine, clean, seed: 4, corruptions: Two);
        var folder = Directory.CreateTempSubdirectory("cifar-c-").FullName;
        suite.WriteFolder(folder);

        var noise = NpyFile.ReadUInt8(Path.Combine(folder, "gaussian_noise.npy"), 60, 32, 32, 3);
        var labels = NpyFile.Read(Path.Combine(folder, "labels.npy"));
        Assert.Equal(NpyDType.UInt8, labels.Type);
        Assert.Equal(Enumerable.Repeat(clean.Labels, 5).SelectMany(l => l).Select(l => (long)l), labels.ToInt64());
        // Rows 12·(s−1) .. 12·s−1 are severity s, exactly what the engine produces for that severity.
        var s3 = Engine.Corrupt(clean, "gaussian_noise", 3, seed: 4);
        Assert.Equal(s3, noise.Data.AsSpan(2 * 12 * 3072, 12 * 3072).ToArray());

        var read = new FolderSuite(folder);
        Assert.Equal(Two, read.Corruptions);
        Assert.Equal(clean.Labels, read.Labels);
        foreach (var name in Two)
            foreach (var severity in Severity.All)
                Assert.Equal(suite.Images(name, severity), read.Images(name, severity));
    }

    [Fact]
    public void ASuiteOfSomeSeveritiesGeneratesAndCachesOnlyThose()
    {
        var clean = CleanSet(8);
        var cache = Directory.CreateTempSubdirectory("suite-cache-").FullName;
        var three = new GeneratedSuite(Engine, clean, seed: 1, cacheFolder: cache, corruptions: Two, severities: [3]);
        Assert.Equal([3], three.Severities);
        Assert.Equal(Engine.Corrupt(clean, "pixelate", 3, seed: 1), three.Images("pixelate", 3));
        Assert.Contains("severity 1 is not in this suite",
            Assert.Throws<ArgumentException>(() => three.Images("pixelate", 1)).Message);
        // Only severity 3 was generated: no whole NAME.npy, no other severity's file.
        Assert.False(File.Exists(Path.Combine(cache, "pixelate.npy")));
        Assert.Equal(["severity-3"], Directory.GetDirectories(cache).Select(Path.GetFileName));
        Assert.Equal(["pixelate.npy"], Directory.GetFiles(Path.Combine(cache, "severity-3")).Select(Path.GetFileName));

        // The whole suite on the same cache agrees with it, and a subset then reads the whole file.
        var whole = new GeneratedSuite(Engine, clean, seed: 1, cacheFolder: cache, corruptions: Two);
        Assert.Equal(Severity.All, whole.Severities);
        Assert.Equal(three.Images("pixelate", 3), whole.Images("pixelate", 3));
        Assert.Equal(Engine.Corrupt(clean, "pixelate", 5, seed: 1),
            new GeneratedSuite(Engine, clean, seed: 1, cacheFolder: cache, corruptions: Two, severities: [5])
                .Images("pixelate", 5));
        Assert.Throws<InvalidOperationException>(() => three.WriteFolder(Path.Combine(cache, "out")));
    }

    [Fact]
    public void CacheIsReusedForTheSameSeedAndRebuiltForAnother()
    {
        var clean = CleanSet(8);
        var cache = Directory.CreateTempSubdirectory("suite-cache-").FullName;
        var first = new GeneratedSuite(Engine, clean, seed: 1, cacheFolder: cache, corruptions: Two);
        var images = first.Images("gaussian_noise", 2);
        var file = Path.Combine(cache, "gaussian_noise.npy");
        Assert.True(File.Exists(file));

        // Overwrite the cached severity-2 block: a reader that reuses the cache must return what is on disk.
        var onDisk = NpyFile.Read(file);
        Array.Fill(onDisk.Data, (byte)7, 8 * 3072, 8 * 3072);
        NpyFile.Write(file, onDisk);
        var reused = new GeneratedSuite(Engine, clean, seed: 1, cacheFolder: cache, corruptions: Two);
        Assert.All(reused.Images("gaussian_noise", 2), b => Assert.Equal(7, b));

        var reseeded = new GeneratedSuite(Engine, clean, seed: 2, cacheFolder: cache, corruptions: Two);
        var regenerated = reseeded.Images("gaussian_noise", 2);
        Assert.NotEqual(images, regenerated);
        Assert.Contains(regenerated, b => b != 7);
    }

    [Fact]
    public void LabelsBeyondAByteRoundTripThroughLabelsNpy()
    {
        var folder = Directory.CreateTempSubdirectory("wide-labels-").FullName;
        try
        {
            int[] labels = [0, 299, 256, 7];
            CifarCFolder.WriteLabels(folder, labels);
            var written = NpyFile.Read(Path.Combine(folder, CifarCFolder.LabelsFile));
            Assert.Equal(NpyDType.Int64, written.Type);
            Assert.Equal(Enumerable.Repeat(labels, 5).SelectMany(l => l).Select(l => (long)l), written.ToInt64());
            Assert.Equal(labels, CifarCFolder.ReadLabels(folder));
            NpyFile.Write(Path.Combine(folder, CifarCFolder.LabelsFile),
                NpyArray.FromInt64([.. Enumerable.Repeat(-1L, 5)], 5));
            var error = Assert.Throws<DataFormatException>(() => CifarCFolder.ReadLabels(folder));
            Assert.Contains("label -1 is not a class index", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BadFoldersAreNamedInTheError()
    {
        Assert.Throws<FileNotFoundException>(() => new FolderSuite("/nonexistent/CIFAR-10-C"));
        var folder = Directory.CreateTempSubdirectory("bad-c-").FullName;
        CifarCFolder.WriteLabels(folder, [1, 2, 3]);
        NpyFile.Write(Path.Combine(folder, "fog.npy"), NpyArray.FromBytes(new byte[14 * 3072], 14, 32, 32, 3));
        var error = Assert.Throws<DataFormatException>(() => new FolderSuite(folder));
        Assert.Contains("fog.npy", error.Message);
        Assert.Contains("expected shape (15, N, N, N), found (14, 32, 32, 3)", error.Message);
    }
}
