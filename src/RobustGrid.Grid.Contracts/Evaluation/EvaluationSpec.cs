namespace RobustGrid.Grid.Contracts;

/// <summary>The spec's <c>evaluation</c> block: which suite scores a finished checkpoint.</summary>
/// <param name="Suite">"clean" (test set only) or a corruption suite such as "cifar10-c".</param>
/// <param name="Corruptions">Corruption names; empty means every corruption of the suite.</param>
/// <param name="Severities">Severities 1..5.</param>
/// <param name="Examples">Test examples per (corruption, severity); null means the whole test set.</param>
[GenerateSerializer, Immutable]
public sealed record EvaluationSpec(string Suite, string[] Corruptions, int[] Severities, int? Examples)
{
    public static EvaluationSpec Clean { get; } = new("clean", [], [], null);

    /// <summary>Stable text that identifies the suite configuration (part of the evaluation cache key).</summary>
    public string Fingerprint =>
        $"{Suite}|{string.Join(',', Corruptions)}|{string.Join(',', Severities)}|{Examples?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}";
}
