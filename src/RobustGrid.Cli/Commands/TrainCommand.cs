using System.CommandLine;
using System.Globalization;
using RobustGrid.Training.Methods;
using RobustGrid.Training.Models;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist or cifar10.", DefaultValueFactory = _ => "fashion-mnist" };
        var model = new Option<string>("--model") { Description = "small-cnn, resnet18, wrn-40-2 or wrn-40-4.", DefaultValueFactory = _ => "small-cnn" };
        var method = new Option<string>("--method") { Description = "Training method (see 'robustgrid methods').", DefaultValueFactory = _ => "erm" };
        var set = new Option<string[]>("--set") { Description = "Method hyperparameter as key=value; repeatable.", AllowMultipleArgumentsPerToken = false };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var lr = new Option<double?>("--lr") { Description = "Base learning rate (SGD, Nesterov momentum); default 0.05 for small-cnn, 0.1 otherwise." };
        var minLr = new Option<double>("--min-lr") { Description = "Learning rate at the end of the cosine schedule.", DefaultValueFactory = _ => 0.0 };
        var momentum = new Option<double>("--momentum") { DefaultValueFactory = _ => 0.9 };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 5e-4 };
        var warmup = new Option<int>("--warmup-epochs") { DefaultValueFactory = _ => 0 };
        var lrStep = new Option<int>("--lr-step-epochs") { Description = "0: cosine per step; N: step decay every N epochs.", DefaultValueFactory = _ => 0 };
        var lrStepFactor = new Option<double>("--lr-step-factor") { Description = "Factor of each step decay.", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Evaluate on the first N test images only." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for torch (0: default).", DefaultValueFactory = _ => 0 };
        var precision = new Option<string>("--precision")
        {
            Description = "fp32, tf32 (CUDA only) or bf16-mixed (fp32 master weights, bf16 convolutions and linears).",
            DefaultValueFactory = _ => TrainingPrecision.Fp32,
        };
        precision.AcceptOnlyFromAmong([.. TrainingPrecision.Names]);
        var channelsLast = new Option<bool>("--channels-last") { Description = "Lay activations and conv weights out NHWC (for cuDNN)." };
        var output = new Option<string?>("--out") { Description = "Run folder (checkpoint.rgck goes there); an existing one resumes." };
        var device = CommonOptions.Device();
        var command = new Command("train", "Train a classifier, with a progress bar; prints clean test accuracy and the checkpoint path.")
        {
            dataset, model, method, set, epochs, batch, lr, minLr, momentum, weightDecay, warmup, lrStep, lrStepFactor, seed, trainLimit, testLimit, threads, precision, channelsLast, output, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            // The method's recipe fills every option the user did not give; the checkpoint records the result.
            var explicitlySet = new HashSet<string>();
            foreach (var (option, key) in new (Option Option, string Key)[]
                     {
                         (model, MethodRecipe.Options.Model), (epochs, MethodRecipe.Options.Epochs), (batch, MethodRecipe.Options.BatchSize),
                         (lr, MethodRecipe.Options.LearningRate), (minLr, MethodRecipe.Options.MinLearningRate),
                         (momentum, MethodRecipe.Options.Momentum), (weightDecay, MethodRecipe.Options.WeightDecay),
                         (lrStep, MethodRecipe.Options.LearningRateStepEpochs), (lrStepFactor, MethodRecipe.Options.LearningRateStepFactor),
                     })
            {
                if (parse.GetResult(option) is { Implicit: false }) explicitlySet.Add(key);
            }
            var given = new TrainingConfig
            {
                Dataset = parse.GetValue(dataset)!,
                Model = parse.GetValue(model)!,
                Method = parse.GetValue(method)!,
                MethodParameters = ParseSettings(parse.GetValue(set) ?? []),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr) ?? ModelFactory.DefaultLearningRate(parse.GetValue(model)!),
                MinLearningRate = parse.GetValue(minLr),
                Momentum = parse.GetValue(momentum),
                WeightDecay = parse.GetValue(weightDecay),
                WarmupEpochs = parse.GetValue(warmup),
                LearningRateStepEpochs = parse.GetValue(lrStep),
                LearningRateStepFactor = parse.GetValue(lrStepFactor),
                Seed = parse.GetValue(seed),
                TrainLimit = parse.GetValue(trainLimit),
                TestLimit = parse.GetValue(testLimit),
                Threads = parse.GetValue(threads),
                Precision = parse.GetValue(precision)!,
                ChannelsLast = parse.GetValue(channelsLast),
                Device = TorchRuntime.ParseChoice(parse.GetValue(device)!),
            };
            var config = MethodRegistry.WithRecipe(given, explicitlySet);
            var runDirectory = parse.GetValue(output)
                ?? Path.Combine("runs", $"{config.Dataset}-{config.Model}-{config.Method}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            return Train(config, runDirectory);
        }));
        return command;
    }

    internal static IReadOnlyDictionary<string, string> ParseSettings(IEnumerable<string> settings)
    {
        var result = new Dictionary<string, string>();
        foreach (var setting in settings)
        {
            var split = setting.IndexOf('=');
            if (split <= 0) throw new ArgumentException($"--set '{setting}': expected key=value");
            result[setting[..split].Trim()] = setting[(split + 1)..].Trim();
        }
        return result;
    }

    private static int Train(TrainingConfig config, string runDirectory)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            // A bad option is reported before anything that looks like a training has started.
            config.Validate();
            AnsiConsole.MarkupLine($"Training [bold]{config.Model}[/] with [bold]{config.Method}[/] on [bold]{config.Dataset}[/] into {Markup.Escape(runDirectory)}");
            var schedule = config.LearningRateStepEpochs > 0
                ? $"x{config.LearningRateStepFactor} every {config.LearningRateStepEpochs} epochs"
                : $"cosine to {config.MinLearningRate:0.#########}";
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"recipe: {config.Epochs} epochs, batch {config.BatchSize}, lr {config.LearningRate} ({schedule}), momentum {config.Momentum}{(config.Nesterov ? " nesterov" : "")}, wd {config.WeightDecay}")));
            TrainingResult? result = null;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var observer = new ProgressObserver(context);
                    result = Trainer.Run(config, runDirectory, observer, cancellation.Token);
                });
            return Report(result!);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Report(TrainingResult result)
    {
        var accuracy = double.IsNaN(result.TestAccuracy) ? "n/a" : result.TestAccuracy.ToString("P2", CultureInfo.InvariantCulture);
        switch (result.Outcome)
        {
            case TrainingOutcome.Completed:
                AnsiConsole.MarkupLine($"[green]completed[/] {result.EpochsCompleted} epoch(s); clean test accuracy [bold]{accuracy}[/]");
                AnsiConsole.MarkupLine($"checkpoint: {Markup.Escape(Path.GetFullPath(result.CheckpointPath))}");
                return 0;
            case TrainingOutcome.Diverged:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(result.Message ?? "diverged")}[/]");
                return 2;
            default:
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(result.Message ?? "cancelled")}[/]; {result.EpochsCompleted} epoch(s) are checkpointed; run the same command to resume");
                return 130;
        }
    }

    /// <summary>Feeds trainer events (on the training thread) to the progress display.</summary>
    private sealed class ProgressObserver(ProgressContext context) : ITrainingObserver
    {
        private ProgressTask? _task;
        private int _epoch;

        public void OnStep(StepProgress p)
        {
            if (_task is null || _epoch != p.Epoch)
            {
                _task?.StopTask();
                _epoch = p.Epoch;
                _task = context.AddTask($"epoch {p.Epoch}/{p.Epochs}", maxValue: p.StepsPerEpoch);
            }
            _task.Value = p.Step;
            _task.Description = string.Create(CultureInfo.InvariantCulture,
                $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:F4} {p.ImagesPerSecond:N0} img/s");
        }

        public void OnEpoch(EpochReport r)
        {
            _task?.StopTask();
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}/{r.Epochs}: train loss {r.TrainLoss:F4}, train acc {r.TrainAccuracy:P2}, test acc {r.TestAccuracy:P2}, {r.ImagesPerSecond:N0} img/s, {r.Duration.TotalSeconds:F1} s"));
        }
    }
}
