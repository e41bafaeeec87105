using System.Diagnostics;
using System.Text.Json;
using RobustGrid.Data;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.NaTra.Generative;
using RobustGrid.Training.Pictures;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Stages;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// NaTra stages 1 to 4 into one stage folder; each stage is skipped when its output is there (stage 1 also resumes
/// within itself by epoch). Stage 3 measures the expansion on held-out images and caches it for every training image
/// with a stage-2 code. Stage 5 is the <c>natra</c> training method, which reads this folder.
/// NaTra has no public code: this is a reconstruction from the abstract (docs/methods.md).
/// </summary>
public static class NaTraPipeline
{
    public const string DirectionsFile = "stage4-directions.bin";
    private const int InversionBatch = 256;
    private const int RejectedShown = 3;

    /// <summary>
    /// Whether a stage folder holds everything training reads: the report of stages 1–4 and the expansion cache. A
    /// folder made by a build without the cache has the report only; running the pipeline on it adds the cache.
    /// </summary>
    public static bool HasAllStages(string stageDirectory) =>
        File.Exists(Path.Combine(stageDirectory, NaTraReport.FileName))
        && File.Exists(Path.Combine(stageDirectory, ExpandedCodeBank.FileName));

    /// <summary>
    /// Stages 1 to 4 on the first <paramref name="trainLimit"/> training images (all when null). The held-out images
    /// of stages 3 and 4 come from the training split after the images the GAN saw (or from its end), never from the
    /// test split the results are reported on.
    /// </summary>
    public static NaTraReport Run(NaTraOptions options, ImageSet trainingSplit, int? trainLimit,
        TrainedModel classifier, Device device,
        string stageDirectory, Action<string>? log = null, CancellationToken cancellation = default)
    {
        var count = Math.Min(trainLimit ?? trainingSplit.Count, trainingSplit.Count);
        var heldOutStart = count + options.HeldOutImages <= trainingSplit.Count ? count
            : trainingSplit.Count - options.HeldOutImages;
        using var train = DeviceImageSet.Upload(trainingSplit.Take(count), device);
        using var heldOut = DeviceImageSet.Upload(trainingSplit.Slice(Math.Max(0, heldOutStart), options.HeldOutImages),
            device);
        return Run(options, train, heldOut, classifier, stageDirectory, log, cancellation);
    }

    public static NaTraReport Run(NaTraOptions options, DeviceImageSet train, DeviceImageSet heldOut,
        TrainedModel classifier,
        string stageDirectory, Action<string>? log = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var device = train.Images.device;
        GanTraining.WriteGeometry(stageDirectory, train.Channels, train.Height);
        using var models = SeededConstruction.Build(options.Seed,
            () => new GanModels(options.LatentDim, train.Channels, train.Height, options.GanWidth, device));
        var gan = GanTraining.Run(options, train, models, stageDirectory, log, cancellation);
        SaveSamples(models.Generator, options, Path.Combine(stageDirectory, "samples.png"));

        var generatorFile = Path.Combine(stageDirectory, GanTraining.FileName);
        var inversion = ReadOr(Path.Combine(stageDirectory, InversionReport.FileName), generatorFile,
            () => CacheTrainingCodes(options, train, models, stageDirectory, log));
        var expansion = ReadOr(Path.Combine(stageDirectory, ExpansionReport.FileName), generatorFile,
            () => MeasureExpansion(options, heldOut, models, stageDirectory, log));
        ExpandedCodeState trainingExpansion;
        using (var bank = LatentCodeBank.Load(stageDirectory, device))
            trainingExpansion = ExpandedCodeBank.Ensure(options, train.Images, bank, models.Generator, stageDirectory,
                log);

        var clock = Stopwatch.StartNew();
        var directionsPath = Path.Combine(stageDirectory, DirectionsFile);
        var (directions, eigenvalues) =
            ClosedFormDirections.Compute(models.Generator.ProjectionWeight, options.Directions);
        using var _ = directions;
        var heldOutImages = heldOut.Images.narrow(0, 0, Math.Min(options.HeldOutImages, heldOut.Count));
        using var heldOutUnit = heldOutImages.to(ScalarType.Float32).div(255.0);
        using var heldOutCodes = InvertAll(models, heldOutImages, options);
        Tensor Classify(Tensor unit) => classifier.Module.call(classifier.Normalization.Apply(unit));
        var reports = DirectionSelection.Select(models.Generator, Classify, heldOutUnit, heldOutCodes, directions,
            eigenvalues, options, TransformMode.Residual);
        var kept = reports.Where(r => r.Kept).Select(r => (long)r.Index).ToArray();
        using (var keptIndex = tensor(kept, device: device))
        using (var keptDirections = directions.index_select(0, keptIndex).cpu())
            TensorFile.SaveWithShapes(directionsPath,
                new Dictionary<string, Tensor> { ["directions"] = keptDirections });
        SaveDirectionGrid(models.Generator, heldOutUnit, heldOutCodes, directions, reports, options,
            Path.Combine(stageDirectory, "directions.png"));
        log?.Invoke($"natra stage 4: kept {kept.Length} of {reports.Count} directions (flip " +
            $"rates {string.Join(", ", reports.Select(r => r.LabelFlipRate.ToString("F3")))})");

        var report = new NaTraReport
        {
            Options = options,
            Gan = gan,
            Inversion = inversion,
            Expansion = expansion,
            TrainingExpansion = trainingExpansion,
            Directions = reports,
            DirectionsSeconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(Path.Combine(stageDirectory, NaTraReport.FileName),
            JsonSerializer.Serialize(report, CheckpointFile.Json));
        return report;
    }

    /// <summary>A stage's saved result, unless the generator it was computed with has changed since (then
    /// recomputed).</summary>
    private static T ReadOr<T>(string path, string generatorFile, Func<T> compute)
    {
        if (File.Exists(path) && File.GetLastWriteTimeUtc(path) > File.GetLastWriteTimeUtc(generatorFile))
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), CheckpointFile.Json)!;
        var value = compute();
        File.WriteAllText(path, JsonSerializer.Serialize(value, CheckpointFile.Json));
        return value;
    }

    /// <summary>Stage 2: codes for every training image, in batches, cached with their content keys.</summary>
    private static InversionReport CacheTrainingCodes(NaTraOptions options, DeviceImageSet train, GanModels models,
        string stageDirectory, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        var codes = new List<Tensor>();
        double encoderSum = 0, refinedSum = 0;
        var total = Math.Min(options.CacheImages ?? train.Count, train.Count);
        for (var start = 0; start < total; start += InversionBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(InversionBatch, total - start);
            var images = GanImages.FromBytes(train.Images.narrow(0, start, count));
            Tensor encoded;
            using (no_grad()) encoded = models.Encoder.call(images);
            var refined = LatentInversion.Refine(models.Generator, images, encoded, options.RefineSteps,
                options.RefineLearningRate);
            encoderSum += LatentInversion.ReconstructionError(models.Generator, images, encoded) * count;
            refinedSum += LatentInversion.ReconstructionError(models.Generator, images, refined) * count;
            codes.Add(refined.cpu().MoveToOuterDisposeScope());
        }
        using var all = cat(codes, 0);
        foreach (var c in codes) c.Dispose();
        using var bank =
            new LatentCodeBank(all.to(train.Images.device), LatentCodeBank.KeysOf(train.Images.narrow(0, 0, total)));
        bank.Save(stageDirectory);
        var report = new InversionReport(total, encoderSum / total, refinedSum / total, clock.Elapsed.TotalSeconds);
        log?.Invoke($"natra stage 2: {total} codes cached; reconstruction MSE encoder {report.EncoderError:F4}, " +
            $"refined {report.RefinedError:F4}");
        return report;
    }

    private static Tensor InvertAll(GanModels models, Tensor byteImages, NaTraOptions options)
    {
        var parts = new List<Tensor>();
        for (long start = 0; start < byteImages.shape[0]; start += InversionBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(InversionBatch, byteImages.shape[0] - start);
            parts.Add(LatentInversion.Invert(models, GanImages.FromBytes(byteImages.narrow(0, start, count)),
                options.RefineSteps, options.RefineLearningRate)
                .MoveToOuterDisposeScope());
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <summary>Stage 3 on held-out images, with a picture: originals, encoder, refined, expanded.</summary>
    private static ExpansionReport MeasureExpansion(NaTraOptions options, DeviceImageSet heldOut, GanModels models,
        string stageDirectory, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var count = Math.Min(options.ExpansionImages, heldOut.Count);
        var images = GanImages.FromBytes(heldOut.Images.narrow(0, 0, count));
        Tensor encoded;
        using (no_grad()) encoded = models.Encoder.call(images);
        var refined =
            LatentInversion.Refine(models.Generator, images, encoded, options.RefineSteps, options.RefineLearningRate);
        var refinedLonger = LatentInversion.Refine(models.Generator, images, refined, options.ExpansionSteps,
            options.ExpansionLearningRate);
        using var random = new TorchSharp.torch.Generator((ulong)options.Seed + 17, images.device);
        var expanded = LatentExpansion.Fit(models.Generator, images, refined, ExpansionSettings.Of(options), random);
        var g = models.Generator;
        var report = new ExpansionReport(count, options.ExpansionCodes, options.ExpansionLayer,
            LatentInversion.ReconstructionError(g, images, encoded),
            LatentInversion.ReconstructionError(g, images, refined),
            LatentInversion.ReconstructionError(g, images, refinedLonger),
            expanded.Error, clock.Elapsed.TotalSeconds);
        using (no_grad())
        {
            // Up to 10 columns; fewer when the stage measured fewer images.
            var shown = (int)Math.Min(10, images.shape[0]);
            var rows = new[]
            {
                images.narrow(0, 0, shown), g.call(encoded.narrow(0, 0, shown)), g.call(refined.narrow(0, 0, shown)),
                LatentExpansion.Render(g, expanded.Codes.narrow(0, 0, shown), expanded.Weights.narrow(0, 0, shown),
                    options.ExpansionLayer),
            };
            PngGrid.Save(GanImages.ToUnit(cat(rows, 0)), shown, Path.Combine(stageDirectory, "reconstruction.png"),
                scale: 3);
        }
        log?.Invoke($"natra stage 3: MSE encoder {report.EncoderError:F4}, refined {report.RefinedError:F4}, refined " +
            $"longer {report.RefinedLongerError:F4}, expanded ({report.Codes} codes) {report.ExpandedError:F4}");
        return report;
    }

    private static void SaveSamples(DcganGenerator generator, NaTraOptions options, string path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var random = new TorchSharp.torch.Generator(12345, generator.ProjectionWeight.device);
        var z = randn([64, options.LatentDim], device: generator.ProjectionWeight.device, generator: random);
        PngGrid.Save(GanImages.ToUnit(generator.call(z)), 8, path, scale: 3);
    }

    /// <summary>
    /// One row per (direction, image): the image moved from -bound to +bound in 7 steps; every kept direction, then the
    /// <see cref="RejectedShown"/> rejected ones with the largest eigenvalues (for contrast), so the picture stays
    /// small.
    /// </summary>
    private static void SaveDirectionGrid(DcganGenerator generator, Tensor unitImages, Tensor codes, Tensor directions,
        List<DirectionReport> reports, NaTraOptions options, string path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        const int steps = 7;
        var rows = new List<Tensor>();
        var shown = reports.Where(r => r.Kept).OrderBy(r => r.Index)
            .Concat(reports.Where(r => !r.Kept).OrderBy(r => r.Index).Take(RejectedShown));
        foreach (var report in shown)
        {
            foreach (var image in new[] { 0, 1 })
            {
                var t = linspace(-options.Bound, options.Bound, steps, device: unitImages.device);
                var x = unitImages[image].unsqueeze(0).expand(steps, -1, -1, -1);
                var z = codes[image].unsqueeze(0).expand(steps, -1);
                var d = directions[report.Index].unsqueeze(0).expand(steps, -1);
                rows.Add(NaturalTransform.Apply(generator, x, z, d, t, TransformMode.Residual));
            }
        }
        PngGrid.Save(cat(rows, 0), steps, path, scale: 3);
    }
}
