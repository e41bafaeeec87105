using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RobustGrid.Catalog.Training;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>Turns (spec, sampled configuration, seed) into the TrialSpec a trainer runs.</summary>
public static class TrialFactory
{
    /// <summary>Trial <paramref name="index"/> of a sweep with a fixed seed list: seed index mod the seed
    /// count.</summary>
    public static TrialSpec Create(string sweepId, SweepSpec spec, int index,
        IReadOnlyDictionary<string, string> config) =>
        Create(sweepId, spec, index, config, spec.Seeds[index % spec.Seeds.Count]);

    public static TrialSpec Create(string sweepId, SweepSpec spec, int index,
        IReadOnlyDictionary<string, string> config, long seed)
    {
        var parameters = new Dictionary<string, string>(config);
        // Method, model and epochs as the run will use them (the method's recipe fills what the sweep does not give,
        // as for 'robustgrid train'), so the trial record, ASHA's rungs and the leaderboard show them.
        var resolved = Resolved(config);
        foreach (var name in (string[])[TrainingSettings.Method, TrainingSettings.Model, TrainingSettings.Epochs])
            parameters[name] = resolved(name);
        var epochs = int.Parse(parameters[TrainingSettings.Epochs], CultureInfo.InvariantCulture);
        var rungs = spec.EarlyTerminate is { } e ? e.Rungs().Where(r => r < epochs).ToArray() : [];
        var id = new TrialId(sweepId, index);
        return new TrialSpec(id.SweepId, id.ToString(), id.Index, spec.Dataset, parameters[TrainingSettings.Model],
            parameters[TrainingSettings.Method], seed,
            epochs, parameters, ConfigKey(spec.Dataset, parameters), rungs, spec.EarlyTerminate?.Metric
                ?? "test_accuracy",
            spec.Device, spec.MaxFailures, spec.Evaluation);
    }

    /// <summary>
    /// A setting's value for the run. Values the spec check passed one by one may still clash together (a min learning
    /// rate above the learning rate); such a trial keeps the given values and fails with the catalog's error when it
    /// runs.
    /// </summary>
    private static Func<string, string> Resolved(IReadOnlyDictionary<string, string> config)
    {
        var training = config.Where(kv => TrainingSettings.Names.Contains(kv.Key)).ToDictionary();
        try
        {
            var text = TrainingSettings.Resolve(training).Text;
            return name => text[name];
        }
        catch (ArgumentException)
        {
            return name => training.TryGetValue(name, out var given) ? given : TrainingSettings.Find(name).DefaultText;
        }
    }

    /// <summary>Same configuration (dataset + every parameter, seed excluded) gives the same key in any
    /// sweep.</summary>
    public static string ConfigKey(string dataset, IReadOnlyDictionary<string, string> parameters)
    {
        var text = dataset + "|" +
            string.Join("|", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
