namespace RobustGrid.Grid.Contracts;

/// <summary>The spec's <c>evaluation</c> block: which suite scores a finished checkpoint.</summary>
/// <param name="Suite">"clean" (test set only) or a corruption suite such as "cifar10-c".</param>
/// <param name="Corruptions">Corruption names; empty means every corruption of the suite.</param>
/// <param name="Severities">Severities 1..5.</param>
/// <param name="Examples">Test examples per (corruption, severity); null means the whole test set.</param>
/// <param name="Adversarial">Adversarial suites (e.g. "pgd-2/255"), each scored as a robust-accuracy column.</param>
/// <param name="AdversarialExamples">Test images attacked per adversarial suite (attacks are costly).</param>
[GenerateSerializer, Immutable]
public sealed record EvaluationSpec(string Suite, string[] Corruptions, int[] Severities, int? Examples,
    string[]? Adversarial = null, int AdversarialExamples = EvaluationSpec.DefaultAdversarialExamples)
{
    public const int DefaultAdversarialExamples = 500;

    public static EvaluationSpec Clean { get; } = new("clean", [], [], null);

    /// <summary>Stable text that identifies the suite configuration (part of the evaluation cache key).</summary>
    public string Fingerprint =>
        $"{Suite}|{string.Join(',', Corruptions)}|{string.Join(',', Severities)}|" +
        $"{Examples?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}"
        + (Adversarial is { Length: > 0 } ? $"|{string.Join(',', Adversarial)}@{AdversarialExamples}" : "");
}
