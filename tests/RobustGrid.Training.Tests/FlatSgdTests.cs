using RobustGrid.Tests.Shared;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Tests;

/// <summary>
/// The flat-buffer SGD against TorchSharp's torch.optim.SGD on small-cnn and real Fashion-MNIST batches. Serial:
/// the checkpoint test compares two continuations bit for bit.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class FlatSgdTests
{
    private const int BatchSize = 64;
    private const int Steps = 6;
    private static readonly Lazy<(Tensor Images, Tensor Labels)> RealImages = new(() =>
    {
        var splits = TestData.Catalog.Load("fashion-mnist");
        using var set = DeviceImageSet.Upload(splits.Train.Take(BatchSize * Steps), CPU);
        return (DatasetProfile.For("fashion-mnist").Normalization.FromBytes(set.Images).DetachFromDisposeScope(),
            set.Labels.clone().DetachFromDisposeScope());
    });

    [Trait("Category", "Integration")]
    [Theory]
    [InlineData(0.9, 5e-4, true, false)]
    [InlineData(0.9, 5e-4, false, false)]
    [InlineData(0.9, 0.0, true, false)]
    [InlineData(0.9, 0.0, false, false)]
    [InlineData(0.0, 5e-4, false, false)]
    [InlineData(0.9, 5e-4, true, true)]
    public void FlatSgdEndsWhereTorchSgdEnds(double momentum, double weightDecay, bool nesterov, bool channelsLast)
    {
        var settings = new SgdSettings(0.05, momentum, weightDecay, nesterov);
        using var policy = ComputePolicy.Use(new ComputePolicy(null, channelsLast));
        using var reference = NewModel();
        using var flat = NewModel();
        using (var optimizer = settings.Create(reference.parameters(), flat: false))
            Train(reference, optimizer, 0, Steps);
        using (var optimizer = settings.Create(flat.parameters(), flat: true)) Train(flat, optimizer, 0, Steps);

        // Same elementwise operations in the same order: bit-identical on the development CPU; the tolerance
        // leaves room for kernels that split a buffer differently from its slices (vector tails, GPU blocks).
        AssertClose(reference, flat, 1e-6);
        using var untrained = NewModel();
        Assert.True(LargestDifference(untrained, flat).Difference > 1e-3, "the steps moved the weights");
    }

    [Fact]
    public void GradientsStayViewsOfOneBufferThroughZeroGradAndBackward()
    {
        using var model = NewModel();
        using var optimizer = new SgdSettings(0.05, 0.9, 5e-4, true).Create(model.parameters());
        Train(model, optimizer, 0, 2);
        optimizer.ZeroGrad();
        var parameters = model.parameters().ToList();
        AssertOneBuffer(parameters.Select(p => (Tensor)p).ToList());
        AssertOneBuffer(parameters.Select(p => p.grad!).ToList());
        Assert.All(parameters, p => Assert.Equal(0, p.grad!.abs().sum().item<float>()));

        var gradientBuffer = parameters[0].grad!.storage<float>().data_ptr();
        Train(model, optimizer, 2, 3);
        Assert.Equal(gradientBuffer, parameters[0].grad!.storage<float>().data_ptr());
        Assert.All(parameters,
            p => Assert.True(p.grad!.abs().sum().item<float>() > 0, "backward accumulated into the flat buffer"));
    }

    [Trait("Category", "Integration")]
    [Fact]
    public void CheckpointedStateResumesExactlyAndLoadsIntoEitherOptimizer()
    {
        var settings = new SgdSettings(0.05, 0.9, 5e-4, true);
        using var straight = NewModel();
        using var optimizer = settings.Create(straight.parameters());
        Train(straight, optimizer, 0, 3);
        var weights = Capture(w => straight.save(w));
        var state = Capture(optimizer.SaveState);
        Train(straight, optimizer, 3, Steps);

        using var resumedFlat = Resume(weights, state, flat: true);
        AssertClose(straight, resumedFlat, 0);
        using var resumedPerParameter = Resume(weights, state, flat: false);
        AssertClose(straight, resumedPerParameter, 1e-6);

        nn.Module<Tensor, Tensor> Resume(byte[] savedWeights, byte[] savedState, bool flat)
        {
            var model = NewModel();
            model.load(new BinaryReader(new MemoryStream(savedWeights)), strict: true);
            using var resumed = settings.Create(model.parameters(), flat);
            resumed.LoadState(new BinaryReader(new MemoryStream(savedState)));
            Train(model, resumed, 3, Steps);
            return model;
        }
    }

    [Trait("Category", "Integration")]
    [Fact]
    public void TorchSgdStateLoadsIntoTheFlatOptimizer()
    {
        var settings = new SgdSettings(0.05, 0.9, 5e-4, true);
        using var reference = NewModel();
        using var perParameter = settings.Create(reference.parameters(), flat: false);
        Train(reference, perParameter, 0, 3);
        var weights = Capture(w => reference.save(w));
        var state = Capture(perParameter.SaveState);
        Train(reference, perParameter, 3, Steps);

        using var model = NewModel();
        model.load(new BinaryReader(new MemoryStream(weights)), strict: true);
        using var flat = settings.Create(model.parameters());
        flat.LoadState(new BinaryReader(new MemoryStream(state)));
        Train(model, flat, 3, Steps);
        AssertClose(reference, model, 1e-6);
    }

    [Trait("Category", "Integration")]
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StateSavedUnderOtherMomentumAndWeightDecayContinuesUnderTheNewValues(bool flat)
    {
        // Population-based training's exploit: the buffers carry over, the continuing run's values apply.
        var saved = new SgdSettings(0.05, 0.9, 5e-4, true);
        var continued = new SgdSettings(0.05, 0.5, 2e-3, true);
        using var expected = NewModel();
        using (var textbook = new TextbookSgd(expected.parameters(), saved))
        {
            Train(expected, textbook, 0, 3);
            textbook.Settings = continued;
            Train(expected, textbook, 3, Steps);
        }

        using var first = NewModel();
        using var firstOptimizer = saved.Create(first.parameters(), flat);
        Train(first, firstOptimizer, 0, 3);
        var weights = Capture(w => first.save(w));
        var state = Capture(firstOptimizer.SaveState);
        using var model = NewModel();
        model.load(new BinaryReader(new MemoryStream(weights)), strict: true);
        using var optimizer = continued.Create(model.parameters(), flat);
        optimizer.LoadState(new BinaryReader(new MemoryStream(state)));
        Train(model, optimizer, 3, Steps);
        AssertClose(expected, model, 1e-5);

        // The saved values would have ended elsewhere.
        Train(first, firstOptimizer, 3, Steps);
        Assert.True(LargestDifference(first, model).Difference > 1e-4, "momentum and weight decay changed the steps");
    }

    [Fact]
    public void AParameterWithoutAGradientIsRefusedNotSilentlyDecayed()
    {
        using var model = NewModel();
        using var unused = new TorchSharp.Modules.Parameter(zeros(3));
        using var optimizer = new SgdSettings(0.05, 0.9, 5e-4, true).Create(model.parameters().Append(unused));
        var problem = Assert.Throws<InvalidOperationException>(() => Train(model, optimizer, 0, 1));
        Assert.Contains("no gradient", problem.Message);
    }

    private static nn.Module<Tensor, Tensor> NewModel()
    {
        torch.manual_seed(5);
        var model = ModelFactory.Create("small-cnn", 1, 10, 28);
        model.train();
        return model;
    }

    /// <summary>The trainer's step order, with a changing learning rate (the schedule sets it every step).</summary>
    private static void Train(nn.Module<Tensor, Tensor> model, ISgdOptimizer optimizer, int from, int to)
    {
        var (images, labels) = RealImages.Value;
        for (var step = from; step < to; step++)
        {
            optimizer.LearningRate = 0.05 * (1 - step / (2.0 * Steps));
            using var scope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(
                model.call(images.narrow(0, step * BatchSize, BatchSize)),
                labels.narrow(0, step * BatchSize, BatchSize));
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
        }
    }

    private static void AssertClose(nn.Module<Tensor, Tensor> expected, nn.Module<Tensor, Tensor> actual,
        double tolerance)
    {
        var (key, difference) = LargestDifference(expected, actual);
        Assert.True(difference <= tolerance, $"{key}: largest difference {difference:E2} (tolerance {tolerance:E0})");
    }

    /// <summary>The state-dict entry (weights and batch-norm statistics) that differs most, and by how much.</summary>
    private static (string Key, double Difference) LargestDifference(nn.Module<Tensor, Tensor> left,
        nn.Module<Tensor, Tensor> right)
    {
        var a = left.state_dict();
        var b = right.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        return a.Keys.Select(key =>
        {
            using var scope = NewDisposeScope();
            return (key, (a[key].to(ScalarType.Float64) - b[key].to(ScalarType.Float64)).abs().max().item<double>());
        }).MaxBy(d => d.Item2);
    }

    /// <summary>All tensors share one storage, one after another in order (views of one flat buffer).</summary>
    private static void AssertOneBuffer(IReadOnlyList<Tensor> tensors)
    {
        var storage = tensors[0].storage<float>().data_ptr();
        var offset = 0L;
        foreach (var tensor in tensors)
        {
            Assert.Equal(storage, tensor.storage<float>().data_ptr());
            Assert.Equal(offset, tensor.storage_offset());
            Assert.True(tensor.is_contiguous());
            offset += tensor.numel();
        }
    }

    /// <summary>torch.optim.SGD's documented update (dampening 0), parameter by parameter, under settings that may
    /// change between steps: the reference the optimizers are held to.</summary>
    private sealed class TextbookSgd(IEnumerable<TorchSharp.Modules.Parameter> parameters, SgdSettings settings)
        : ISgdOptimizer
    {
        private readonly TorchSharp.Modules.Parameter[] _parameters = [.. parameters];
        private readonly Tensor?[] _buffers = new Tensor?[parameters.Count()];

        public SgdSettings Settings { get; set; } = settings;

        public double LearningRate { get; set; } = settings.LearningRate;

        public void ZeroGrad()
        {
            foreach (var p in _parameters) p.grad?.zero_();
        }

        public void Step()
        {
            using var noGrad = no_grad();
            for (var i = 0; i < _parameters.Length; i++)
            {
                var p = _parameters[i];
                var gradient = p.grad!.add(p, alpha: Settings.WeightDecay);
                var previous = _buffers[i];
                var buffer = previous is null ? gradient.clone() : previous.mul(Settings.Momentum).add_(gradient);
                _buffers[i] = buffer.DetachFromDisposeScope();
                previous?.Dispose();
                var update = Settings.Nesterov ? gradient.add(buffer, alpha: Settings.Momentum) : buffer;
                p.add_(update, alpha: -LearningRate);
            }
        }

        public void SaveState(BinaryWriter writer) => throw new NotSupportedException();

        public void LoadState(BinaryReader reader) => throw new NotSupportedException();

        public void Dispose()
        {
            foreach (var buffer in _buffers) buffer?.Dispose();
        }
    }

    private static byte[] Capture(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }
}
