using System.Diagnostics;
using RobustGrid.Training.Data;
using RobustGrid.Training.Stages;
using RobustGrid.TestTime.Shifts;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.DynTta;

/// <summary>Progress of an enhancer stage (URIE or DynTTA), saved with its weights after every epoch.</summary>
public sealed record EnhancerStageState(string Stage, int EpochsDone, List<double> Loss, List<double> TrainAccuracy,
    double Seconds);

/// <summary>
/// Trains an enhancer through the frozen classifier's cross-entropy (train.py): SGD with momentum and weight decay,
/// the learning rate multiplied by gamma every <c>lr-step</c> epochs, each training image cropped and flipped as
/// train.py's loader does (<see cref="TrainingGeometry"/>) and then shifted with the shift probability; the last,
/// partial batch is kept (DataLoader's default). Resumes from the stage checkpoint; a finished stage returns at once.
/// </summary>
internal static class EnhancerTraining
{
    public static EnhancerStageState Run(string stage, nn.Module<Tensor, Tensor> enhancer, FrozenClassifier classifier,
        DeviceImageSet train, IBatchShift shift, DynTtaOptions options, double learningRate, int epochs, string path,
        Action<string>? log = null, CancellationToken cancellation = default,
        Action<EnhancerStageState>? epochDone = null)
    {
        var device = train.Images.device;
        using var optimizer =
            optim.SGD(enhancer.parameters(), learningRate, options.Momentum, weight_decay: options.WeightDecay);
        var state = new EnhancerStageState(stage, 0, [], [], 0);
        if (File.Exists(path)) state = StageCheckpoint.Load<EnhancerStageState>(path, [enhancer], [optimizer]);
        var batches = Batches(train.Count, options.BatchSize);
        var clock = Stopwatch.StartNew();
        for (var epoch = state.EpochsDone; epoch < epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var rate = learningRate * Math.Pow(options.LearningRateGamma, epoch / options.LearningRateStep);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
            using var generator = new Generator((ulong)(options.Seed * 1_000_003 + epoch), device);
            using var order = randperm(train.Count, ScalarType.Int64, device, generator: generator);
            using var lossSum = zeros(1, device: device);
            using var correct = zeros(1, ScalarType.Int64, device);
            enhancer.train();
            foreach (var (start, length) in batches)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, length);
                var geometry = TrainingGeometry.Apply(train.Images.index_select(0, index), options.RandomResizedCrop,
                    options.HorizontalFlip, generator);
                var images = FrozenClassifier.ToRgb(ShiftMix.Apply(geometry, shift, options.EffectiveShiftProbability,
                    generator));
                var labels = train.Labels.index_select(0, index);
                var logits = classifier.Logits(enhancer.call(images));
                var loss = nn.functional.cross_entropy(logits, labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum.add_(loss.detach());
                correct.add_(logits.argmax(1).eq(labels).sum());
            }
            state = state with
            {
                EpochsDone = epoch + 1,
                Loss = [.. state.Loss, lossSum.item<float>() / batches.Count],
                TrainAccuracy = [.. state.TrainAccuracy, (double)correct.item<long>() / train.Count],
                Seconds = state.Seconds + clock.Elapsed.TotalSeconds,
            };
            clock.Restart();
            StageCheckpoint.Save(path, state, [enhancer], [optimizer]);
            log?.Invoke($"dyntta {stage}: epoch {epoch + 1}/{epochs}: loss {state.Loss[^1]:F4}, " +
                $"shifted train accuracy {state.TrainAccuracy[^1]:P2}, lr {rate:G3}");
            epochDone?.Invoke(state);
        }
        enhancer.eval();
        return state;
    }

    /// <summary>(start, length) of each batch of an epoch: ⌈count / size⌉ batches, the last possibly partial.</summary>
    internal static IReadOnlyList<(long Start, long Length)> Batches(long count, int size) =>
        [.. Enumerable.Range(0, (int)((count + size - 1) / size))
            .Select(i => ((long)i * size, Math.Min(size, count - (long)i * size)))];
}
