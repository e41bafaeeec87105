using System.CommandLine;
using System.Globalization;
using RobustGrid.Catalog;
using RobustGrid.Catalog.Settings;
using RobustGrid.Catalog.Training;
using RobustGrid.Data.Catalog;
using RobustGrid.Methods;
using RobustGrid.Training.Runtime;
using RobustGrid.Training.Training;
using Spectre.Console;

namespace RobustGrid.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "fashion-mnist, cifar10, cifar100, cifar100-coarse, a name from 'robustgrid datasets list' " +
                "or folder:PATH (an image folder).",
            DefaultValueFactory = _ => DatasetNames.FashionMnist,
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Method hyperparameter as key=value; repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out")
        {
            Description = "Run folder (checkpoint.rgck goes there); an existing one resumes.",
        };
        var device = CommonOptions.Device();
        var command = new Command("train",
            "Train a classifier, with a progress bar; prints clean test accuracy and the checkpoint path. "
            + "The method's recipe fills the settings not given ('robustgrid methods NAME' lists them).")
        {
            dataset, set, seed, output, device,
        };
        // One option per training setting, named as in a sweep (batch_size: --batch-size); values are checked by the
        // catalog's rules, so the CLI and the grid accept and refuse the same things.
        var settings = TrainingSettings.All.Select(setting => (setting.Name, Option: SettingOption(setting))).ToList();
        foreach (var (_, option) in settings) command.Options.Add(option);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var given = settings.Select(s => (s.Name, Value: GivenValue(parse, s.Option)))
                .Where(s => s.Value is not null)
                .ToDictionary(s => s.Name, s => s.Value!);
            var name = parse.GetValue(dataset)!;
            // A folder is recorded absolute, so that the checkpoint names it from any working folder.
            if (DatasetReference.FolderPath(name) is { Length: > 0 } folder)
                name = DatasetReference.FolderPrefix + Path.GetFullPath(folder);
            DatasetCatalog.Default().CheckKnown(name);
            var config = TrainingConfig.Build(name, parse.GetValue(seed),
                TorchRuntime.ParseChoice(parse.GetValue(device)!), given, ParseSettings(parse.GetValue(set) ?? []));
            var runDirectory = parse.GetValue(output)
                ?? Path.Combine("runs",
                    $"{DatasetReference.Label(config.Dataset)}-{config.Model}-{config.Method}-" +
                    $"{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            var fromRecipe = TrainingSettings.FilledByRecipe(config.Method).Where(name => !given.ContainsKey(name))
                .ToList();
            return Train(config, fromRecipe, runDirectory);
        }));
        return command;
    }

    /// <summary>The text given for a setting; a boolean given without a value (<c>--channels-last</c>) is
    /// true.</summary>
    private static string? GivenValue(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option)
            ?? (option.Arity.MinimumNumberOfValues == 0 && parse.GetResult(option) is not null ? "true" : null);

    private static Option<string?> SettingOption(Setting setting)
    {
        var name = "--" + setting.Name.Replace('_', '-');
        var option = TrainingSettings.ShortAliases.TryGetValue(setting.Name, out var alias)
            ? new Option<string?>(name, "--" + alias)
            : new Option<string?>(name);
        var fallback = setting.DefaultText.Length > 0 ? $"default {setting.DefaultText}; " : "";
        option.Description = $"{setting.Description} ({fallback}accepted: {setting.Range})";
        if (setting is BoolSetting) option.Arity = ArgumentArity.ZeroOrOne;
        return option;
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

    private static int Train(TrainingConfig config, IReadOnlyList<string> fromRecipe, string runDirectory)
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
            AnsiConsole.MarkupLine(
                $"Training [bold]{Markup.Escape(config.Model)}[/] with [bold]{Markup.Escape(config.Method)}[/] on " +
                $"[bold]{Markup.Escape(config.Dataset)}[/] into {Markup.Escape(runDirectory)}");
            var schedule = config.LearningRateStepEpochs > 0
                ? $"x{config.LearningRateStepFactor} every {config.LearningRateStepEpochs} epochs"
                : $"cosine to {config.MinLearningRate:0.#########}";
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"recipe: {config.Epochs} epochs, batch {config.BatchSize}, lr {config.LearningRate} ({schedule}), " +
                $"momentum {config.Momentum}{(config.Nesterov ? " nesterov" : "")}, wd {config.WeightDecay}")));
            if (fromRecipe.Count > 0)
                AnsiConsole.WriteLine($"from the {config.Method} recipe (not given): {string.Join(", ", fromRecipe)}");
            TrainingResult? result = null;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var observer = new ProgressObserver(context);
                    result = Trainer.Run(config, MethodRegistry.Create, runDirectory, observer, cancellation.Token);
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
        var accuracy = double.IsNaN(result.TestAccuracy) ? "n/a"
            : result.TestAccuracy.ToString("P2", CultureInfo.InvariantCulture);
        switch (result.Outcome)
        {
            case TrainingOutcome.Completed:
                AnsiConsole.MarkupLine(
                    $"[green]completed[/] {result.EpochsCompleted} epoch(s); clean test accuracy [bold]{accuracy}[/]");
                AnsiConsole.MarkupLine($"checkpoint: {Markup.Escape(Path.GetFullPath(result.CheckpointPath))}");
                return 0;
            case TrainingOutcome.Diverged:
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(result.Message ?? "diverged")}[/]");
                return 2;
            default:
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(result.Message ?? "cancelled")}[/]; " +
                    $"{result.EpochsCompleted} epoch(s) are checkpointed; run the same command to resume");
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
                $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:F4} {p.ImagesPerSecond:N0} " +
                $"img/s");
        }

        public void OnWarning(string message) => AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {message}");

        public void OnEpoch(EpochReport r)
        {
            _task?.StopTask();
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}/{r.Epochs}: train loss {r.TrainLoss:F4}, train acc {r.TrainAccuracy:P2}, " +
                $"test acc {r.TestAccuracy:P2}, {r.ImagesPerSecond:N0} img/s, {r.Duration.TotalSeconds:F1} s"));
        }
    }
}
