using System.Globalization;
using RobustGrid.Grid.Contracts;
using RobustGrid.Training.Models;
using RobustGrid.Training.Training;

namespace RobustGrid.Grid.Training;

/// <summary>Maps a trial's parameters onto TrainingConfig. Deterministic, so a retried attempt resumes the same run.</summary>
public static class TrialConfigMapper
{
    public static TrainingConfig Map(TrialSpec spec, string slotDevice)
    {
        var p = spec.Parameters;
        string? Get(string key) => p.TryGetValue(key, out var v) ? v : null;
        int? Int(string key) => Get(key) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        double? Double(string key) => Get(key) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;

        // Hyperparameters of the trial's own method ("augmix.severity" -> "severity"); other methods' are ignored.
        var prefix = spec.Method + ".";
        var methodParameters = p.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        var defaults = new TrainingConfig { Dataset = spec.Dataset };
        return new TrainingConfig
        {
            Dataset = spec.Dataset,
            Model = spec.Model,
            Method = spec.Method,
            MethodParameters = methodParameters,
            Epochs = spec.Epochs,
            BatchSize = Int("batch_size") ?? defaults.BatchSize,
            LearningRate = Double("learning_rate") ?? ModelFactory.DefaultLearningRate(spec.Model),
            Momentum = Double("momentum") ?? defaults.Momentum,
            WeightDecay = Double("weight_decay") ?? defaults.WeightDecay,
            WarmupEpochs = Int("warmup_epochs") ?? 0,
            Seed = spec.Seed,
            TrainLimit = Int("train_limit"),
            TestLimit = Int("test_limit"),
            Threads = Int("threads") ?? 0,
            Precision = Get("precision") ?? defaults.Precision,
            ChannelsLast = Get("channels_last") is { } channelsLast ? bool.Parse(channelsLast) : defaults.ChannelsLast,
            Device = SlotDevices.Choice(slotDevice),
        };
    }
}
