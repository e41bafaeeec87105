using RobustGrid.Corruptions.Core;
using RobustGrid.Corruptions.Suite;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Data;
using RobustGrid.Data.Cache;
using RobustGrid.Data.Catalog;
using RobustGrid.Data.Folders;
using RobustGrid.Data.Preprocessing;
using RobustGrid.Evaluation.Scoring;
using RobustGrid.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RobustGrid.Evaluation.Tests;

/// <summary>Alone, so that the memory another test allocates meanwhile does not count as the evaluation's.</summary>
[CollectionDefinition(nameof(StreamedEvaluationTests), DisableParallelization = true)]
public sealed class StreamedEvaluationCollection;

/// <summary>Test splits of images above the native size, which stay on disk and are scored batch by batch.</summary>
[Collection(nameof(StreamedEvaluationTests))]
public sealed class StreamedEvaluationTests(ITestOutputHelper output)
{
    private static readonly string[] TwoCorruptions = ["gaussian_noise", "contrast"];

    [Fact]
    public void ATestSplitLargerThanTheLimitIsScoredCleanAndCorruptedInFlatMemory()
    {
        // 680 test images of 224x224 decode to 102 MB; scoring them must hold under 32 MB of live managed memory (a
        // block of 100 corrupted images is 15 MB).
        const long limit = 32L << 20;
        const int perClass = 340;
        var root = TestData.NewScratchFolder();
        try
        {
            ImageFolders.Write(root, ["train"], classes: 2, perClass: 1, 256, 256, "jpg");
            for (var label = 0; label < 2; label++)
            {
                var folder = Path.Combine(root, "test", ImageFolders.ClassName(label));
                Directory.CreateDirectory(folder);
                var first = Path.Combine(folder, "img_000.jpg");
                ImageFolders.WriteImage(first, 256, 256, label, 0);
                for (var i = 1; i < perClass; i++) File.Copy(first, Path.Combine(folder, $"img_{i:D3}.jpg"));
            }
            var dataset = "folder:" + root;
            var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(Path.Combine(root, "cache")));
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var test = catalog.Load(dataset).TestImages;
            Assert.IsType<ImageSetFile>(test);
            var decodedBytes = (long)test.Count * test.ImageBytes;
            Assert.True(decodedBytes > 3 * limit, $"the test split decodes to {decodedBytes} bytes");
            // Decoded into the cache batch by batch, and nothing of it kept.
            var peak = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            var batches = 0;
            Tensor Classify(Tensor nchw)
            {
                if (++batches % 3 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                return RedOrGrey(nchw);
            }

            var clean = ImageScoring.Score(Classify, test, CPU, batchSize: 20);
            // A limit of 0 keeps even this split's suite on disk, corrupted batch by batch.
            var suites = new SuiteFactory(catalog, Path.Combine(root, "suites"), cachedSuiteLimitBytes: 0);
            var (suite, images) = suites.Create(
                new SuiteRequest("imagenet-c", Corruptions: TwoCorruptions, EvaluatedDataset: dataset));
            var report = new SuiteEvaluator(Classify, CPU, batchSize: 20).Evaluate("colour", suite, images);

            Assert.Equal((2 * perClass, 0.0), (clean.Count, clean.Error));
            Assert.Equal((2 * perClass, 0.0), (report.CleanImages, report.CleanError));
            Assert.Equal(TwoCorruptions, report.Corruptions.Select(c => c.Corruption));
            Assert.All(report.Corruptions, c => Assert.Equal(5, c.Errors.Length));
            // Eleven passes over the split (clean and ten corrupted), none of them kept, on disk either.
            Assert.Equal(2 * perClass / 20 * 11 + 2 * perClass / 20, batches);
            output.WriteLine($"live managed memory at most {peak:N0} bytes over the baseline; limit {limit:N0}");
            Assert.InRange(peak, 0, limit);
            Assert.False(Directory.Exists(Path.Combine(root, "suites")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void StreamedAndInMemoryEvaluationGiveTheSameScores()
    {
        // 150 test images at 224 px: two engine chunks of random draws, the second one partial.
        var root = TestData.NewScratchFolder();
        try
        {
            ImageFolders.Write(root, ["train"], classes: 2, perClass: 1, 240, 200, "jpg");
            ImageFolders.Write(root, ["test"], classes: 2, perClass: 75, 240, 200, "jpg");
            var catalog = new DatasetCatalog(new DataSearchPath([]), new ImageSetCache(Path.Combine(root, "cache")));
            var onDisk = catalog.Load("folder:" + root).TestImages;
            Assert.IsType<ImageSetFile>(onDisk);
            // The in-memory decode of the same split, straight from the images.
            var index = ImageFolderIndex.Read(root);
            var inMemory = FolderSplitDecoder.Decode(index.Test, index.ClassNames, ImagePreprocessing.For(224));
            Assert.Equal(inMemory.Labels, onDisk.Labels);
            Assert.True(inMemory.Pixels.AsSpan().SequenceEqual(onDisk.Load().Pixels));
            Assert.True(inMemory.Slice(70, 40).Pixels.AsSpan().SequenceEqual(onDisk.Take(110).Slice(70, 40).Pixels));

            using (var pixels = tensor(inMemory.Pixels).reshape(150, 224, 224, 3).permute(0, 3, 1, 2).contiguous())
            using (var labels = tensor(inMemory.Labels).to(ScalarType.Int64))
            {
                // The device-resident set and the one on disk, uploaded a batch at a time.
                Assert.Equal(ImageScoring.Score(MeanFraction, pixels, labels),
                    ImageScoring.Score(MeanFraction, onDisk, CPU));
            }

            var engine = CorruptionEngine.For(CorruptionTables.Get(new SuiteRequest("imagenet-c").Benchmark));
            var resident = new GeneratedSuite(engine, inMemory, seed: 3, corruptions: TwoCorruptions);
            var streamed = new GeneratedSuite(engine, onDisk, seed: 3, corruptions: TwoCorruptions);
            Assert.True(streamed.Streams);
            Assert.Equal(resident.Fingerprint, streamed.Fingerprint);
            // Batches of 64 cut across the blocks of whole chunks (64 to 127 from two); every corrupted image is the
            // in-memory suite's.
            var noisy = resident.Images("gaussian_noise", 4);
            Assert.True(noisy.AsSpan().SequenceEqual(streamed.Batches("gaussian_noise", 4, 64).SelectMany(b => b)
                .ToArray()));
            Assert.False(noisy.AsSpan().SequenceEqual(inMemory.Pixels));
            var evaluator = new SuiteEvaluator(MeanFraction, CPU, batchSize: 64);
            var expected = evaluator.Evaluate("mean fraction", resident, inMemory.Pixels);
            var actual = evaluator.Evaluate("mean fraction", streamed, onDisk);
            Assert.Equal(expected.Clean, actual.Clean);
            Assert.Equal(expected.Corruptions.Select(c => c.Errors), actual.Corruptions.Select(c => c.Errors));
            Assert.Equal(expected.Corruptions.Select(c => c.Ece), actual.Corruptions.Select(c => c.Ece));
            // The noise moves predictions: the scores compared are not those of one constant answer.
            Assert.InRange(expected.Clean.Error, 0.05, 0.95);
            Assert.NotEqual(expected.Clean.Error, expected.Corruptions[0].Errors[4]);

            // A split this small is read into memory for a suite that is generated once and cached, with the same
            // corrupted images.
            var cacheRoot = Path.Combine(root, "suites");
            var (cached, cachedClean) = new SuiteFactory(catalog, cacheRoot).Create(
                new SuiteRequest("imagenet-c", Seed: 3, Corruptions: TwoCorruptions,
                    EvaluatedDataset: "folder:" + root));
            Assert.IsType<ImageSet>(cachedClean);
            Assert.True(noisy.AsSpan().SequenceEqual(cached.Images("gaussian_noise", 4)));
            Assert.True(File.Exists(CifarCFolder.FileOf(Directory.GetDirectories(cacheRoot).Single(),
                "gaussian_noise")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Class 1's images are red (ImageFolders' colours): logits from the red channel's lead over the
    /// others.</summary>
    private static Tensor RedOrGrey(Tensor nchw)
    {
        var means = nchw.to_type(ScalarType.Float32).mean([2, 3]);
        var lead = (means[.., 0] - (means[.., 1] + means[.., 2]) / 2) / 20 - 5;
        return stack([-lead, lead], 1);
    }

    /// <summary>Logits from the fractional part of a multiple of the mean pixel: predictions that differ from image
    /// to image and that small changes of the pixels move.</summary>
    private static Tensor MeanFraction(Tensor nchw)
    {
        var lead = (nchw.to_type(ScalarType.Float32).mean([1, 2, 3]) * 0.37f).frac() * 4 - 2;
        return stack([lead, -lead], 1);
    }
}
