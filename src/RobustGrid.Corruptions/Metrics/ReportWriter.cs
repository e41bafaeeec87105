using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RobustGrid.Corruptions.Metrics;

/// <summary>Serialises a <see cref="RobustnessReport"/> to JSON (everything, for tools) and CSV (the table, for
/// humans).</summary>
public static class ReportWriter
{
    public static string ToJson(RobustnessReport report, Baseline? baseline = null)
    {
        var root = new JsonObject
        {
            ["model"] = report.Model,
            ["suite"] = report.Suite,
            ["clean_images"] = report.CleanImages,
            ["clean_accuracy"] = Number(report.Clean.Accuracy),
            ["clean_error"] = Number(report.CleanError),
            ["clean_ece"] = Number(report.CleanEce),
            ["clean_nll"] = Number(report.Clean.Nll),
            ["clean_rms_calibration_error"] = Number(report.Clean.RmsCalibrationError),
            ["ece_definition"] = "15 equal-width confidence bins (b/15, (b+1)/15]",
            ["rms_calibration_error_definition"] =
                "adaptive bins of 100 samples by ascending confidence (AugMix/PixMix calib_err)",
            ["mce"] = Number(report.MeanCorruptionError),
            ["mce_definition"] =
                "unnormalised mean error over the 15 benchmark corruptions x 5 severities (CIFAR papers), a fraction",
            ["mce_minus_clean_error"] = Number(report.CorruptionGap),
            ["mean_corruption_ece"] = Number(report.MeanCorruptionEce),
            ["family_mean_errors"] = new JsonObject(report.FamilyMeans.Select(kv =>
                KeyValuePair.Create(kv.Key.ToString().ToLowerInvariant(), (JsonNode?)kv.Value))),
            ["corruptions"] = new JsonArray(report.Corruptions.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Corruption,
                ["family"] = c.Family?.ToString().ToLowerInvariant(),
                ["benchmark"] = c.IsBenchmark,
                ["errors"] = new JsonArray(c.Errors.Select(e => (JsonNode?)e).ToArray()),
                ["ece"] = new JsonArray(c.Ece.Select(e => (JsonNode?)e).ToArray()),
                ["mean_error"] = c.MeanError,
            }).ToArray()),
        };
        if (report.MceBaseline is not null)
        {
            root["mce_normalised"] = Number(report.BaselineNormalisedMce);
            root["mce_normalised_definition"] =
                $"mean over the benchmark corruptions of the error (mean over severities) divided by " +
                $"{report.MceBaseline.Name}'s (the ImageNet-C paper's CE; x100 in papers), a fraction";
        }
        if (baseline is not null)
        {
            root["baseline"] = baseline.Name;
            root["normalized_mce"] = report.NormalizedMce(baseline);
            if (baseline.CleanError is not null) root["relative_mce"] = report.RelativeMce(baseline);
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>One row per corruption (errors at s1..s5, mean), then clean and summary rows; errors as
    /// fractions.</summary>
    public static string ToCsv(RobustnessReport report)
    {
        var csv = new StringBuilder("corruption,family,benchmark,s1,s2,s3,s4,s5,mean\n");
        foreach (var c in report.Corruptions)
        {
            csv.Append(c.Corruption).Append(',').Append(c.Family?.ToString().ToLowerInvariant()).Append(',')
                .Append(c.IsBenchmark ? "yes" : "no");
            foreach (var e in c.Errors) csv.Append(',').Append(F(e));
            csv.Append(',').Append(F(c.MeanError)).Append('\n');
        }
        csv.Append("clean,,,,,,,,").Append(F(report.CleanError)).Append('\n');
        csv.Append("mce,,,,,,,,").Append(F(report.MeanCorruptionError)).Append('\n');
        if (report.MceBaseline is not null)
            csv.Append("mce_normalised,,,,,,,,").Append(F(report.BaselineNormalisedMce)).Append('\n');
        foreach (var (family, mean) in report.FamilyMeans)
            csv.Append("family_").Append(family.ToString().ToLowerInvariant()).Append(",,,,,,,,").Append(F(mean))
                .Append('\n');
        return csv.ToString();
    }

    public static void Write(RobustnessReport report, string jsonPath, string csvPath, Baseline? baseline = null)
    {
        File.WriteAllText(jsonPath, ToJson(report, baseline));
        File.WriteAllText(csvPath, ToCsv(report));
    }

    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : value;

    private static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
