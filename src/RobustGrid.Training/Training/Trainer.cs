using System.Diagnostics;
using RobustGrid.Corruptions.Metrics;
using RobustGrid.Data.Catalog;
using RobustGrid.Evaluation.Scoring;
using RobustGrid.Training.Checkpoints;
using RobustGrid.Training.Data;
using RobustGrid.Training.Models;
using RobustGrid.Training.Optimization;
using RobustGrid.Training.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>
/// Runs a training to completion, divergence or cancellation. Synchronous by design: libtorch's grad mode and
/// TorchSharp's dispose scopes belong to one OS thread, so callers run this on a dedicated thread. It checkpoints
/// after every epoch into the run folder and resumes from that checkpoint when called again (from the previous one when
/// the latest fails verification: <see cref="CheckpointGenerations"/>).
/// </summary>
public static class Trainer
{
    /// <param name="methods">Builds the configuration's method (RobustGrid.Methods' registry).</param>
    /// <param name="segment">Train only up to its end epoch, from a checkpoint that may hold other learning
    /// rates.</param>
    public static TrainingResult Run(TrainingConfig config, MethodFactory methods, string runDirectory,
        ITrainingObserver? observer = null, CancellationToken cancellation = default, DatasetCatalog? catalog = null,
        TrainingSegment? segment = null)
    {
        config.Validate();
        var method = methods(config.Method, config.MethodParameters);
        // Methods that keep tensors of their own across steps (NaTra's stage models) release them with the run.
        using var methodResources = method as IDisposable;
        var device = TorchRuntime.ResolveDevice(config.Device);
        if (config.Threads > 0) torch.set_num_threads(config.Threads);

        var splits = (catalog ?? DatasetCatalog.Default()).Load(config.Dataset);
        var profile = DatasetProfile.For(splits);
        using var train = splits.TrainStream is { } stream
            ? TrainingSplit.Streamed(config.TrainLimit is { } sl ? stream.Take(sl) : stream, device)
            : TrainingSplit.Resident(DeviceImageSet.Upload(config.TrainLimit is { } tl ? splits.Train.Take(tl)
                : splits.Train, device));
        using var test = EvaluationSplit.For(
            config.TestLimit is { } el ? splits.TestImages.Take(el) : splits.TestImages, device);

        var checkpointPath = Path.Combine(runDirectory, CheckpointFile.FileName);
        var resume = CheckpointGenerations.FindResumable(checkpointPath);
        if (resume.Warning is { } warning) observer?.OnWarning(warning);
        var (created, model) = SeededConstruction.Build(config.Seed, () =>
        {
            var built = ModelFactory.Create(config.Model, train.Channels, train.Classes, train.ImageSize);
            var prepared = method.PrepareModel(built);
            if (resume.Checkpoint is null) method.InitializeModel(prepared);
            return (built, prepared);
        });
        using var baseModel = created;
        // A method's wrapper (AdvBN's adversarial batch norms) owns modules the base model does not.
        using var wrapper = ReferenceEquals(model, created) ? null : model;
        model.to(device);
        using var computePolicy =
            ComputePolicy.Use(TrainingPrecision.Apply(config.Precision, config.ChannelsLast, device));
        var normalization = method.Normalization(profile);
        using var optimizer = new SgdSettings(config.LearningRate, config.Momentum, config.WeightDecay, config.Nesterov)
            .Create(method.TrainableParameters(model), flat: config.FlatOptimizer);

        var history = new List<EpochReport>();
        var startEpoch = 0;
        long globalStep = 0;
        if (resume.Checkpoint is { } checkpoint)
        {
            var saved = checkpoint.Metadata;
            var continues = segment is null ? config.SameRunAs(saved.Config) : config.ContinuesRunOf(saved.Config);
            if (!continues)
                throw new InvalidOperationException(
                    $"{checkpoint.Path} belongs to a different configuration; use a new output folder to start a new "
                    + "run");
            checkpoint.LoadInto(model, optimizer);
            startEpoch = saved.EpochsCompleted;
            globalStep = saved.GlobalStep;
            history.AddRange(saved.History);
        }
        // How the run ends, with what the completed epochs measured.
        TrainingResult Ended(TrainingOutcome outcome, string? message) => new(outcome, history.Count,
            history.Count > 0 ? history[^1].TestAccuracy : double.NaN, checkpointPath, message, history);
        using var matmulSetting = TrainingPrecision.HoldMatmulSetting(config.Precision, device, cancellation);
        if (matmulSetting is null)
            return Ended(TrainingOutcome.Cancelled,
                "cancelled while waiting for this process's trainings with the other TF32 setting to finish");

        var stepsPerEpoch = (train.Count + config.BatchSize - 1) / config.BatchSize;
        var schedule = new LearningRateSchedule(config.LearningRate, config.MinLearningRate,
            (long)config.WarmupEpochs * stepsPerEpoch, (long)config.Epochs * stepsPerEpoch,
            (long)config.LearningRateStepEpochs * stepsPerEpoch, config.LearningRateStepFactor);

        var endEpoch = Math.Min(config.Epochs, segment?.EndEpoch ?? config.Epochs);
        for (var epoch = startEpoch; epoch < endEpoch; epoch++)
        {
            var outcome = RunEpoch(config, epoch, stepsPerEpoch, ref globalStep, model, optimizer, method, profile,
                normalization, train, test, schedule, observer, cancellation, out var report);
            if (outcome is not null) return Ended(outcome.Value.Outcome, outcome.Value.Message);
            history.Add(report!);
            CheckpointFile.Save(checkpointPath, new CheckpointMetadata(config, epoch + 1, globalStep, history,
                config.Model, train.Channels, train.Classes, train.ImageSize,
                normalization.Mean, normalization.Std, DateTime.UtcNow, method.Details), model, optimizer);
            observer?.OnEpoch(report!);
        }
        return Ended(TrainingOutcome.Completed, null);
    }

    private static (TrainingOutcome Outcome, string Message)? RunEpoch(TrainingConfig config, int epoch,
        int stepsPerEpoch,
        ref long globalStep, nn.Module<Tensor, Tensor> model, ISgdOptimizer optimizer, ITrainingMethod method,
        DatasetProfile profile, Normalization normalization, TrainingSplit train, EvaluationSplit test,
        LearningRateSchedule schedule, ITrainingObserver? observer, CancellationToken cancellation,
        out EpochReport? report)
    {
        report = null;
        var device = train.Device;
        // Every draw of an epoch comes from this run's own generator, seeded by (seed, epoch): resuming replays the
        // same batches, and runs that share the process never draw from each other's stream.
        var epochSeed = unchecked((ulong)(config.Seed * 1_000_003 + epoch));
        using var generator = new Generator(epochSeed, device);
        using var draws = RandomForward.Use(model, generator);
        using var metrics = new RunningMetrics(device);
        model.train();
        var clock = Stopwatch.StartNew();
        var imagesSeen = 0L;
        var learningRate = 0.0;
        var step = 0;
        foreach (var nextBatch in train.Epoch(config.Seed, epoch, config.BatchSize, generator, cancellation))
        {
            if (cancellation.IsCancellationRequested)
                return (TrainingOutcome.Cancelled, $"cancelled during epoch {epoch + 1}, step {step + 1}");
            learningRate = schedule.At(globalStep);
            optimizer.LearningRate = learningRate;
            using (var scope = NewDisposeScope())
            {
                var (images, labels) = nextBatch();
                var count = (int)images.shape[0];
                var batch = new TrainingBatch(images, labels, model, profile, generator, epoch, globalStep);
                var output = method.Step(batch);
                optimizer.ZeroGrad();
                output.Loss.backward();
                optimizer.Step();
                metrics.Add(output.Loss, output.Logits, batch.Labels, step);
                imagesSeen += count;
            }
            globalStep++;
            step++;
            var last = step == stepsPerEpoch;
            if (step % config.LogInterval != 0 && !last) continue;
            var snapshot = metrics.Read();
            if (snapshot.FirstNonFiniteStep >= 0)
                return (TrainingOutcome.Diverged,
                    $"diverged: the loss became non-finite at epoch {epoch + 1}, " +
                    $"step {snapshot.FirstNonFiniteStep + 1} of {stepsPerEpoch}");
            observer?.OnStep(new StepProgress(epoch + 1, config.Epochs, step, stepsPerEpoch, snapshot.MeanLoss,
                imagesSeen / clock.Elapsed.TotalSeconds));
        }
        var trainTime = clock.Elapsed;
        var final = metrics.Read();
        var testAccuracy = TestScores(model, test, normalization).Accuracy;
        report = new EpochReport(epoch + 1, config.Epochs, final.MeanLoss, final.Accuracy, testAccuracy,
            imagesSeen / trainTime.TotalSeconds, learningRate, clock.Elapsed);
        return null;
    }

    /// <summary>The scorer's measurements on the test set, in eval mode; the model goes back to the mode it was
    /// in.</summary>
    private static ClassifierScores TestScores(nn.Module<Tensor, Tensor> model, EvaluationSplit test,
        Normalization normalization)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            return test.Score(images => model.call(normalization.FromBytes(images)));
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
