using System.Diagnostics;
using RobustGrid.Training.Data;
using RobustGrid.NaTra.Generative;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Stages;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>Progress of NaTra stage 1, saved with its networks; epochs completed make the stage resumable.</summary>
public sealed record GanStageState(NaTraOptions Options, int GanEpochsDone, int EncoderEpochsDone,
    List<double> DiscriminatorLoss, List<double> GeneratorLoss, List<double> EncoderLoss, double Seconds);

/// <summary>
/// Stage 1: a DCGAN trained with the non-saturating loss (Adam 2e-4, β = (0.5, 0.999)) on the training images, then
/// an encoder trained to invert the frozen generator on ||E(G(z)) - z||² + λ ||G(E(x)) - x||². Checkpointed after
/// every epoch of either phase.
/// </summary>
internal static class GanTraining
{
    public const string FileName = "stage1-gan.rgst";

    public static GanStageState Run(NaTraOptions options, DeviceImageSet train, GanModels models, string stageDirectory,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        var path = Path.Combine(stageDirectory, FileName);
        var device = train.Images.device;
        using var optimizerG = optim.Adam(models.Generator.parameters(), options.GanLearningRate, 0.5, 0.999);
        using var optimizerD = optim.Adam(models.Discriminator.parameters(), options.GanLearningRate, 0.5, 0.999);
        using var optimizerE = optim.Adam(models.Encoder.parameters(), options.EncoderLearningRate, 0.5, 0.999);
        OptimizerHelper[] optimizers = [optimizerG, optimizerD, optimizerE];
        var state = new GanStageState(options, 0, 0, [], [], [], 0);
        // Resuming keeps the progress but records the options of this run (e.g. more epochs than before).
        if (File.Exists(path)) state = StageCheckpoint.Load<GanStageState>(path, models.All, optimizers) with
        {
            Options = options,
        };
        var clock = Stopwatch.StartNew();
        var steps = train.Count / options.BatchSize;

        for (var epoch = state.GanEpochsDone; epoch < options.GanEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var generator = new Generator((ulong)(options.Seed * 7919 + epoch), device);
            using var order = randperm(train.Count, ScalarType.Int64, device, generator: generator);
            models.Generator.train();
            models.Discriminator.train();
            using var sumD = zeros(1, device: device);
            using var sumG = zeros(1, device: device);
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                var real = GanImages.FromBytes(
                    train.Images.index_select(0, order.narrow(0, step * options.BatchSize, options.BatchSize)));
                var z = randn([options.BatchSize, options.LatentDim], device: device, generator: generator);
                var fake = models.Generator.call(z);
                var ones = torch.ones(options.BatchSize, 1, device: device);
                var zeros_ = torch.zeros(options.BatchSize, 1, device: device);

                optimizerD.zero_grad();
                var lossD = nn.functional.binary_cross_entropy_with_logits(models.Discriminator.call(real), ones)
                    + nn.functional.binary_cross_entropy_with_logits(models.Discriminator.call(fake.detach()), zeros_);
                lossD.backward();
                optimizerD.step();

                // Non-saturating generator loss: maximise log D(G(z)).
                optimizerG.zero_grad();
                var lossG = nn.functional.binary_cross_entropy_with_logits(models.Discriminator.call(fake), ones);
                lossG.backward();
                optimizerG.step();
                sumD.add_(lossD.detach());
                sumG.add_(lossG.detach());
            }
            // A generator that changed after its encoder was trained needs the encoder trained again.
            state = state with
            {
                GanEpochsDone = epoch + 1,
                EncoderEpochsDone = 0,
                EncoderLoss = [],
                DiscriminatorLoss = [.. state.DiscriminatorLoss, sumD.item<float>() / steps],
                GeneratorLoss = [.. state.GeneratorLoss, sumG.item<float>() / steps],
                Seconds = state.Seconds + clock.Elapsed.TotalSeconds,
            };
            clock.Restart();
            StageCheckpoint.Save(path, state, models.All, optimizers);
            log?.Invoke($"natra stage 1: GAN epoch {epoch + 1}/{options.GanEpochs}: " +
                $"D loss {state.DiscriminatorLoss[^1]:F3}, G loss {state.GeneratorLoss[^1]:F3}");
        }

        for (var epoch = state.EncoderEpochsDone; epoch < options.EncoderEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var generator = new Generator((ulong)(options.Seed * 7919 + 1000 + epoch), device);
            using var order = randperm(train.Count, ScalarType.Int64, device, generator: generator);
            // The generator is final: eval mode (running BN statistics) as every later stage uses it.
            models.Generator.eval();
            models.Encoder.train();
            foreach (var p in models.Generator.parameters()) p.requires_grad = false;
            using var sumE = zeros(1, device: device);
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                var real = GanImages.FromBytes(
                    train.Images.index_select(0, order.narrow(0, step * options.BatchSize, options.BatchSize)));
                var z = randn([options.BatchSize, options.LatentDim], device: device, generator: generator);
                var codeLoss = nn.functional.mse_loss(models.Encoder.call(models.Generator.call(z).detach()), z);
                var pixelLoss = nn.functional.mse_loss(models.Generator.call(models.Encoder.call(real)), real);
                var loss = codeLoss + options.EncoderPixelWeight * pixelLoss;
                optimizerE.zero_grad();
                loss.backward();
                optimizerE.step();
                sumE.add_(loss.detach());
            }
            foreach (var p in models.Generator.parameters()) p.requires_grad = true;
            state = state with
            {
                EncoderEpochsDone = epoch + 1,
                EncoderLoss = [.. state.EncoderLoss, sumE.item<float>() / steps],
                Seconds = state.Seconds + clock.Elapsed.TotalSeconds,
            };
            clock.Restart();
            StageCheckpoint.Save(path, state, models.All, optimizers);
            log?.Invoke(
                $"natra stage 1: encoder epoch {epoch + 1}/{options.EncoderEpochs}: loss {state.EncoderLoss[^1]:F4}");
        }
        models.Freeze();
        return state;
    }

    /// <summary>Loads a finished stage 1 (frozen networks) for the later stages and for training.</summary>
    public static GanModels LoadFrozen(string stageDirectory, Device device, out GanStageState state)
    {
        var path = Path.Combine(stageDirectory, FileName);
        var saved = StageCheckpoint.ReadState<GanStageState>(path);
        var o = saved.Options;
        var models = SeededConstruction.Unseeded(() =>
            new GanModels(o.LatentDim, ReadChannels(stageDirectory), ReadImageSize(stageDirectory), o.GanWidth,
                device));
        state = StageCheckpoint.Load<GanStageState>(path, models.All);
        models.Freeze();
        return models;
    }

    /// <summary>Image geometry of the stage's dataset, written beside the checkpoint when the stage starts.</summary>
    public static void WriteGeometry(string stageDirectory, int channels, int imageSize)
    {
        Directory.CreateDirectory(stageDirectory);
        File.WriteAllText(Path.Combine(stageDirectory, "geometry.txt"), $"{channels} {imageSize}");
    }

    private static int ReadChannels(string stageDirectory) =>
        int.Parse(File.ReadAllText(Path.Combine(stageDirectory, "geometry.txt")).Split(' ')[0]);

    private static int ReadImageSize(string stageDirectory) =>
        int.Parse(File.ReadAllText(Path.Combine(stageDirectory, "geometry.txt")).Split(' ')[1]);
}
