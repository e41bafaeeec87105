using RobustGrid.Methods;
using RobustGrid.Tests.Shared;
using RobustGrid.Training.Checkpoints;
using RobustGrid.NaTra.Generative;
using RobustGrid.NaTra;
using RobustGrid.Training.Stages;
using RobustGrid.Training.Training;
using RobustGrid.Training.Runtime;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Tests;

[Trait("Category", "Integration")]
[Collection(SharedModelsCollection.Name)]
public sealed class NaTraTests(SharedModels shared)
{
    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void GanNetworksHaveTheExpectedShapes(int channels, int size)
    {
        using var scope = NewDisposeScope();
        using var models = new GanModels(64, channels, size, 16, CPU);
        var z = randn(5, 64);
        var images = models.Generator.call(z);
        Assert.Equal(new long[] { 5, channels, size, size }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1);
        Assert.Equal(new long[] { 5, 64 }, models.Encoder.call(images).shape);
        Assert.Equal(new long[] { 5, 1 }, models.Discriminator.call(images).shape);
        // Head and tail split at either layer reproduce the whole generator.
        models.Generator.eval();
        foreach (var layer in new[] { 1, 2 })
            Assert.True(models.Generator.Tail(models.Generator.Head(z, layer), layer).sub(models.Generator.call(z))
                .abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void GanNetworksStartFromTheDcganInitialisation()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var models = new GanModels(64, 1, 28, 32, CPU);
        foreach (var module in new TorchSharp.torch.nn.Module[] { models.Generator, models.Discriminator })
            foreach (var (name, p) in module.named_parameters())
            {
                var (mean, std) = (p.mean().item<float>(), p.std().item<float>());
                if (name.EndsWith("bias")) Assert.Equal(0f, p.abs().max().item<float>());
                else if (name.StartsWith("bn")) { Assert.InRange(mean, 0.98, 1.02); Assert.InRange(std, 0.01, 0.03); }
                else { Assert.InRange(mean, -0.005, 0.005); Assert.InRange(std, 0.017, 0.023); }
            }
    }

    [Fact]
    public void StageOneGeneratorMovesTowardsTheDataFromItsUntrainedStart()
    {
        using var scope = NewDisposeScope();
        using var models = GanTraining.LoadFrozen(shared.NaTraStages, CPU, out var state);
        Assert.Equal(SharedModels.TinyNaTra.GanEpochs, state.GanEpochsDone);
        manual_seed(8);
        using var untrained = new DcganGenerator(64, 1, 28, SharedModels.TinyNaTra.GanWidth);
        DcganInit.Apply(untrained);
        untrained.eval();
        var z = randn(256, 64);
        var dataMean = shared.Test.Images.to(ScalarType.Float32).div(255).mean([0L]);
        double Distance(DcganGenerator g)
        {
            using var noGrad = no_grad();
            return GanImages.ToUnit(g.call(z)).mean([0L]).sub(dataMean).square().mean().item<float>();
        }
        var trained = Distance(models.Generator);
        var start = Distance(untrained);
        Assert.True(trained < start, $"mean-image distance to the data: untrained {start}, trained {trained}");
    }

    [Fact]
    public void RefinementLowersTheReconstructionErrorOfEncodedCodes()
    {
        using var scope = NewDisposeScope();
        using var models = GanTraining.LoadFrozen(shared.NaTraStages, CPU, out _);
        var images = GanImages.FromBytes(shared.Test.Images.narrow(0, 0, 32));
        var encoded = models.Encoder.call(images);
        var refined = LatentInversion.Refine(models.Generator, images, encoded, 20, 0.05);
        var before = LatentInversion.ReconstructionError(models.Generator, images, encoded);
        var after = LatentInversion.ReconstructionError(models.Generator, images, refined);
        Assert.True(after < 0.97 * before, $"MSE {before} -> {after}");
    }

    [Fact]
    public void ExpansionLowersTheReconstructionErrorBelowItsSingleCodeStart()
    {
        using var scope = NewDisposeScope();
        using var models = GanTraining.LoadFrozen(shared.NaTraStages, CPU, out _);
        var images = GanImages.FromBytes(shared.Test.Images.narrow(0, 0, 32));
        var refined = LatentInversion.Refine(models.Generator, images, models.Encoder.call(images), 10, 0.05);
        var start = LatentInversion.ReconstructionError(models.Generator, images, refined);
        using var random = new Generator(4);
        var expanded = LatentExpansion.Fit(models.Generator, images, refined,
            ExpansionSettings.Of(SharedModels.TinyNaTra with { ExpansionSteps = 30 }), random);
        Assert.True(expanded.Error < start, $"MSE {start} -> {expanded.Error}");
        // The untrained start reproduces the single-code image exactly (first code weight 1, the others 0).
        using var noGrad = no_grad();
        var n = SharedModels.TinyNaTra.ExpansionCodes;
        var startCodes = refined.unsqueeze(1).expand(-1, n, -1);
        var startWeights = zeros(32, n, models.Generator.FeatureChannels(1));
        startWeights.select(1, 0).fill_(1);
        var rendered = LatentExpansion.Render(models.Generator, startCodes, startWeights, 1);
        Assert.True(rendered.sub(models.Generator.call(refined)).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void ClosedFormDirectionsAreOrthonormalEigenvectorsInDescendingOrder()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var generator = new DcganGenerator(64, 1, 28, 16);
        var (directions, eigenvalues) = ClosedFormDirections.Compute(generator.ProjectionWeight, 8);
        Assert.Equal(new long[] { 8, 64 }, directions.shape);
        Assert.True(directions.matmul(directions.t()).sub(eye(8)).abs().max().item<float>() < 1e-4);
        for (var i = 1; i < eigenvalues.Length; i++) Assert.True(eigenvalues[i] <= eigenvalues[i - 1]);
        var a = generator.ProjectionWeight.detach();
        var gram = a.t().matmul(a);
        // A^T A n = lambda n for the first direction.
        var n0 = directions[0];
        Assert.True(gram.matmul(n0).sub(n0.mul(eigenvalues[0])).abs().max().item<float>() < 1e-3 * eigenvalues[0]);
    }

    [Fact]
    public void AdversarialMagnitudeStaysInBoundAndRaisesTheLoss()
    {
        using var scope = NewDisposeScope();
        // A loss that rises away from zero: the search must go to the bound, never past it.
        Tensor Loss(Tensor t) => t.sub(0.05).square().sum();
        var start = tensor(new float[] { 0.2f, -0.1f, 0.0f, 0.5f });
        var result = AdversarialMagnitude.Search(Loss, start, bound: 1.5, steps: 5, stepSize: 0.5);
        Assert.True(result.abs().max().item<float>() <= 1.5 + 1e-6);
        Assert.True(Loss(result).item<float>() > Loss(start).item<float>());
        Assert.True(result.abs().sub(1.5).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void CodeBankFindsCachedImagesByContentAndReportsUnknownOnes()
    {
        using var scope = NewDisposeScope();
        using var bank = LatentCodeBank.Load(shared.NaTraStages, CPU);
        Assert.Equal(1024, bank.Count);
        var rows = bank.Rows(shared.Train.Images.narrow(0, 10, 3));
        Assert.Equal(new long[] { 10, 11, 12 }, rows);
        Assert.Equal(-1, bank.Rows(shared.Train.Images.narrow(0, 2000, 1))[0]);
    }

    [Fact]
    public void ExpandedCodesRenderTheCachedExpansionMovedAlongTheDirection()
    {
        using var scope = NewDisposeScope();
        var stages = shared.NaTraStages;
        using var models = GanTraining.LoadFrozen(stages, CPU, out _);
        var g = models.Generator;
        using var bank = LatentCodeBank.Load(stages, CPU);
        using var cache = ExpandedCodeBank.Load(stages, bank, CPU);
        var directionsPath = Path.Combine(stages, NaTraPipeline.DirectionsFile);
        var directions = TensorFile.LoadWithShapes(directionsPath, ScalarType.Float32, CPU)["directions"];
        // Training images 5 to 12 are rows 5 to 12 of the caches (stage 2 cached the first 1,024 in order).
        var bytes = shared.Train.Images.narrow(0, 5, 8);
        var unit = bytes.to(ScalarType.Float32).div(255);
        var (codes, weights) = (cache.Codes.narrow(0, 5, 8), cache.Weights.narrow(0, 5, 8));
        var single = bank.Codes.narrow(0, 5, 8);
        var rows = arange(8, dtype: ScalarType.Int64).remainder(directions.shape[0]);
        var magnitudes = tensor(new[] { -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, -2f, 2f });
        var shift = directions.index_select(0, rows).mul(magnitudes.unsqueeze(1));

        using var noGrad = no_grad();
        // The expansion's image: each code's features after the expansion layer, weighted per channel, summed, and
        // rendered by the rest of the generator.
        Tensor Expanded(Tensor expansionCodes)
        {
            var features = zeros_like(g.Head(expansionCodes.select(1, 0), cache.Layer));
            for (var n = 0; n < expansionCodes.shape[1]; n++)
            {
                var weight = weights.select(1, n).unsqueeze(-1).unsqueeze(-1);
                features = features.add(g.Head(expansionCodes.select(1, n), cache.Layer).mul(weight));
            }
            return g.Tail(features, cache.Layer);
        }
        Tensor Residual(Tensor moved, Tensor original) => unit.add(moved.sub(original).div(2)).clamp(0, 1);
        var expected = Residual(Expanded(codes.add(shift.unsqueeze(1))), Expanded(codes));
        var expectedSingle = Residual(g.call(single.add(shift)), g.call(single));

        NaturalAdversary Adversary(LatentCodes which, TransformMode mode) =>
            NaturalAdversary.Load(new NaTraMethodOptions(stages) { Codes = which, Transform = mode }, CPU);
        using var random = new Generator(1);
        Tensor Transformed(LatentCodes which, TransformMode mode) =>
            Adversary(which, mode).Transform(bytes, rows, magnitudes, random);
        var actual = Transformed(LatentCodes.Expanded, TransformMode.Residual);
        var actualSingle = Transformed(LatentCodes.Single, TransformMode.Residual);
        var regenerated = Transformed(LatentCodes.Expanded, TransformMode.Regenerate);

        Assert.True(actual.sub(expected).abs().max().item<float>() < 1e-5);
        Assert.True(actualSingle.sub(expectedSingle).abs().max().item<float>() < 1e-5);
        var expectedRegenerated = Expanded(codes.add(shift.unsqueeze(1))).add(1).div(2);
        Assert.True(regenerated.sub(expectedRegenerated).abs().max().item<float>() < 1e-5);
        var difference = actual.sub(actualSingle).abs().mean().item<float>();
        Assert.True(difference > 1e-3, $"expanded and single x' differ by {difference} on average");
        // What was cached is an expansion of these images: it reconstructs them better than their single codes.
        var target = unit.mul(2).sub(1);
        var expandedError = Expanded(codes).sub(target).square().mean().item<float>();
        var singleError = g.call(single).sub(target).square().mean().item<float>();
        Assert.True(expandedError < singleError, $"reconstruction MSE: expanded {expandedError}, single {singleError}");
    }

    [Fact]
    public void StageThreeResumesFromItsCachedExpansionsAndRefusesADamagedCache()
    {
        var folder = CopyOfStages("natra-resume");
        var path = Path.Combine(folder, ExpandedCodeBank.FileName);
        // A whole cache file with every weight doubled: a resumed run that reuses the cache keeps them, a run that
        // remade the expansions would not.
        var state = StageCheckpoint.ReadState<ExpandedCodeState>(path);
        using (var scope = NewDisposeScope())
        {
            var cached = CacheTensors(path, state);
            cached["weights"].mul_(2);
            using var holder = new CacheHolder(cached);
            StageCheckpoint.Save(path, state, [holder]);
        }
        using var classifier = TrainedModel.Load(shared.ClassifierPath, MethodRegistry.Create, CPU);
        using var train = RobustGrid.Training.Data.DeviceImageSet.Upload(
            TestData.Catalog.Load("fashion-mnist").Train.Take(1024), CPU);
        var log = new List<string>();

        var report = NaTraPipeline.Run(SharedModels.TinyNaTra, train, shared.Test, classifier, folder, log.Add);

        Assert.Equal(state, report.TrainingExpansion);
        Assert.Contains(log, line => line.Contains("cached training expansions reused"));
        using (var scope = NewDisposeScope())
        {
            var original = CacheTensors(Path.Combine(shared.NaTraStages, ExpandedCodeBank.FileName), state);
            Assert.True(CacheTensors(path, state)["weights"].equal(original["weights"].mul(2)).all().item<bool>());
        }

        // One flipped byte in the middle of the file: refused, naming the file, by the stages and by training.
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var resumed = Assert.Throws<InvalidDataException>(
            () => NaTraPipeline.Run(SharedModels.TinyNaTra, train, shared.Test, classifier, folder));
        Assert.Contains("damaged", resumed.Message);
        Assert.Contains(path, resumed.Message);
        var loaded = Assert.Throws<InvalidDataException>(
            () => NaturalAdversary.Load(new NaTraMethodOptions(folder), CPU));
        Assert.Contains(path, loaded.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    /// <summary>A copy of the shared stage folder, file times kept (stages 2 and 3 are reused by them).</summary>
    private string CopyOfStages(string name)
    {
        var folder = Path.Combine(shared.Folder, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(shared.NaTraStages))
        {
            var copy = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
        }
        return folder;
    }

    /// <summary>The cache file's tensors, read as a stage checkpoint of one module with three buffers.</summary>
    private static Dictionary<string, Tensor> CacheTensors(string path, ExpandedCodeState state)
    {
        using var holder = new CacheHolder(new Dictionary<string, Tensor>
        {
            ["codes"] = zeros(state.Images, state.Settings.Codes, state.LatentDim),
            ["weights"] = zeros(state.Images, state.Settings.Codes, state.Channels),
            ["keys"] = zeros([state.Images], ScalarType.Int64),
        });
        StageCheckpoint.Load<ExpandedCodeState>(path, [holder]);
        return holder.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
    }

    private sealed class CacheHolder : nn.Module
    {
        public CacheHolder(Dictionary<string, Tensor> tensors) : base(nameof(CacheHolder))
        {
            foreach (var (name, value) in tensors) register_buffer(name, value.clone());
        }
    }

    [Fact]
    public void NatraTrainingAlsoFitsTheImagesMovedAlongTheStageDirectionsToRaiseTheLoss()
    {
        // The same stages with every direction zeroed: the natural transformation then moves no image, so the two
        // runs differ only by what NaTra's augmentation does to the images.
        var still = CopyOfStages("natra-still");
        var directionsPath = Path.Combine(still, NaTraPipeline.DirectionsFile);
        var directions = TensorFile.LoadWithShapes(directionsPath, ScalarType.Float32, CPU)["directions"];
        var zero = new Dictionary<string, Tensor> { ["directions"] = zeros_like(directions) };
        TensorFile.SaveWithShapes(directionsPath, zero);

        var moved = Train(shared.NaTraStages);
        var unmoved = Train(still);
        // Each step trains on the clean batch, then, after the magnitude search (eval mode), on the transformed batch.
        Assert.Equal(unmoved.Clean, unmoved.Transformed);
        Assert.Equal(moved.Clean, unmoved.Clean);
        var change = moved.Transformed.Zip(moved.Clean, (t, c) => Math.Abs(t - c)).Average();
        Assert.True(change > 0.01, $"the transformed images differ from the clean ones by {change} on average");
        // The first step starts from the same weights, batch and draws in both runs, so its clean term is the same: the
        // search chose magnitudes whose images the classifier gets more wrong than the images left as they are.
        Assert.True(moved.FirstLoss > unmoved.FirstLoss,
            $"first-step loss: {moved.FirstLoss} moved, {unmoved.FirstLoss} unmoved");
        using var reloaded = TrainedModel.Load(moved.Checkpoint, MethodRegistry.Create, CPU);
        Assert.Equal("natra", reloaded.Metadata.Config.Method);
        var details = CheckpointFile.ReadMetadata(moved.Checkpoint).MethodDetails!;
        Assert.Equal("expanded", details["codes"]);
        Assert.StartsWith($"expanded: {SharedModels.TinyNaTra.ExpansionCodes} codes per image", details["codes_used"]);
    }

    /// <summary>One step of natra through the trainer: the model's inputs in training mode, and the loss.</summary>
    private (float[] Clean, float[] Transformed, double FirstLoss, string Checkpoint) Train(string stages)
    {
        var recorded = new List<RecordingModel>();
        var firstLoss = new FirstStepLoss();
        var result = Trainer.Run(new TrainingConfig
        {
            Dataset = "fashion-mnist",
            Method = "natra",
            Epochs = 1,
            BatchSize = 64,
            TrainLimit = 64,
            TestLimit = 64,
            LearningRate = 0.05,
            Device = DeviceChoice.Cpu,
            Threads = 1,
            LogInterval = 1,
            MethodParameters = new Dictionary<string, string> { ["stages"] = stages, ["attack-steps"] = "2" },
        }, (name, parameters) => new Recorded(MethodRegistry.Create(name, parameters), recorded),
            Path.Combine(shared.Folder, $"natra-run-{Guid.NewGuid():N}"), firstLoss, catalog: TestData.Catalog);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var training = Assert.Single(recorded).Calls.Where(c => c.Training).ToList();
        Assert.Equal(2, training.Count);
        static float[] Pixels(Tensor t) => t.contiguous().data<float>().ToArray();
        return (Pixels(training[0].Input), Pixels(training[1].Input), firstLoss.Value!.Value, result.CheckpointPath);
    }

    /// <summary>A method whose steps see the model through a <see cref="RecordingModel"/>.</summary>
    private sealed class Recorded(ITrainingMethod method, List<RecordingModel> models) : ITrainingMethod
    {
        public string Name => method.Name;

        public IReadOnlyDictionary<string, string> Details => method.Details;

        public nn.Module<Tensor, Tensor> PrepareModel(nn.Module<Tensor, Tensor> model) => method.PrepareModel(model);

        public void InitializeModel(nn.Module<Tensor, Tensor> model) => method.InitializeModel(model);

        public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters(nn.Module<Tensor, Tensor> model) =>
            method.TrainableParameters(model);

        public RobustGrid.Training.Data.Normalization Normalization(RobustGrid.Training.Data.DatasetProfile profile) =>
            method.Normalization(profile);

        public MethodStep Step(TrainingBatch batch)
        {
            var model = new RecordingModel(batch.Model);
            models.Add(model);
            return method.Step(batch with { Model = model });
        }
    }

    private sealed class FirstStepLoss : ITrainingObserver
    {
        public double? Value { get; private set; }

        public void OnStep(StepProgress progress) => Value ??= progress.Loss;

        public void OnEpoch(EpochReport report)
        {
        }
    }

    [Fact]
    public void GanStageResumedAfterAnEpochEndsWhereAnUninterruptedRunEnds()
    {
        using var train =
            RobustGrid.Training.Data.DeviceImageSet.Upload(TestData.Catalog.Load("fashion-mnist").Train.Take(128), CPU);
        var oneEpoch = SharedModels.TinyNaTra with { GanEpochs = 1, EncoderEpochs = 0 };
        var twoEpochs = oneEpoch with { GanEpochs = 2 };
        static GanModels Networks(int seed)
        {
            manual_seed(seed);
            return new GanModels(64, 1, 28, 16, CPU);
        }

        using var straight = Networks(1);
        var uninterrupted = GanTraining.Run(twoEpochs, train, straight, Path.Combine(shared.Folder, "gan-straight"));

        var folder = Path.Combine(shared.Folder, "gan-resumed");
        using (var first = Networks(1)) GanTraining.Run(oneEpoch, train, first, folder);
        // Other starting weights than the first call's: only what the second call loads (networks, Adam moments,
        // epochs done) can bring it to the uninterrupted run's end.
        using var again = Networks(2);
        var resumed = GanTraining.Run(twoEpochs, train, again, folder);

        Assert.Equal(2, resumed.GanEpochsDone);
        // Epoch 2 continued from the saved state: the same mean losses, bit for bit, and the first epoch's kept.
        Assert.Equal(uninterrupted.GeneratorLoss, resumed.GeneratorLoss);
        Assert.Equal(uninterrupted.DiscriminatorLoss, resumed.DiscriminatorLoss);
        foreach (var (name, expected, actual) in new (string, nn.Module, nn.Module)[]
                 { ("generator", straight.Generator, again.Generator),
                     ("discriminator", straight.Discriminator, again.Discriminator) })
        {
            var resumedWeights = actual.state_dict();
            foreach (var (key, weights) in expected.state_dict())
                Assert.True(weights.equal(resumedWeights[key]).all().item<bool>(),
                    $"{name} {key} differs from the uninterrupted run's");
        }
        Assert.Equal(uninterrupted.GeneratorLoss,
            StageCheckpoint.ReadState<GanStageState>(Path.Combine(folder, GanTraining.FileName)).GeneratorLoss);
    }
}
