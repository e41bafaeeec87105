namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Where a trial of a population-based-training sweep sits in its population: member <see cref="Member"/> trains
/// epochs <see cref="StartEpoch"/> to <see cref="EndEpoch"/> of generation <see cref="Generation"/>, starting from the
/// checkpoint of trial <see cref="ParentTrialId"/> (the previous generation's trial it continues; none in the first
/// generation).
/// </summary>
/// <param name="Exploited">The parent is another member's trial: this member was in the bottom quantile and copied a
/// top-quantile member's weights and optimizer state.</param>
/// <param name="Perturbed">The parameters whose values this trial changed from its parent's, as
/// <c>name: old -&gt; new</c>.</param>
[GenerateSerializer, Immutable]
public sealed record PopulationStep(
    int Generation,
    int Member,
    int StartEpoch,
    int EndEpoch,
    string? ParentTrialId,
    bool Exploited,
    string[] Perturbed)
{
    /// <summary>One line for the CLI: <c>g2 m3 epochs 4-6 from sweep/00001 (exploit: learning_rate: ...)</c>.</summary>
    public string Describe()
    {
        var from = ParentTrialId is null ? "initial" : (Exploited ? "exploits " : "continues ") + ParentTrialId;
        var changed = Perturbed.Length == 0 ? "" : "; " + string.Join(", ", Perturbed);
        return $"generation {Generation}, member {Member}, epochs {StartEpoch}-{EndEpoch}, {from}{changed}";
    }
}
