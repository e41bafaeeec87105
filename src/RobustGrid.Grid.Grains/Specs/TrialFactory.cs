using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>Turns (spec, sampled configuration, seed) into the TrialSpec a trainer runs.</summary>
public static class TrialFactory
{
    public static string TrialId(string sweepId, int index) => $"{sweepId}/{index.ToString("D5", CultureInfo.InvariantCulture)}";

    public static TrialSpec Create(string sweepId, SweepSpec spec, int index, IReadOnlyDictionary<string, string> config)
    {
        var seed = spec.Seeds[index % spec.Seeds.Count];
        var parameters = new Dictionary<string, string>(GridCatalog.Defaults);
        foreach (var (k, v) in config) parameters[k] = v;
        var epochs = int.Parse(parameters["epochs"], CultureInfo.InvariantCulture);
        var rungs = spec.EarlyTerminate is { } e ? e.Rungs().Where(r => r < epochs).ToArray() : [];
        return new TrialSpec(sweepId, TrialId(sweepId, index), index, spec.Dataset, parameters["model"], parameters["method"], seed,
            epochs, parameters, ConfigKey(spec.Dataset, parameters), rungs, spec.EarlyTerminate?.Metric ?? "test_accuracy",
            spec.Device, spec.MaxFailures, spec.Evaluation);
    }

    /// <summary>Same configuration (dataset + every parameter, seed excluded) gives the same key in any sweep.</summary>
    public static string ConfigKey(string dataset, IReadOnlyDictionary<string, string> parameters)
    {
        var text = dataset + "|" + string.Join("|", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
