using RobustGrid.Grid.Grains.Grains;

namespace RobustGrid.Grid.Grains.Storage.Upgrade;

/// <summary>
/// State format 1 of a sweep: <see cref="SweepGrainState"/> as earlier builds stored it, whose history (launched
/// trials, sampled configurations, rung records) may still be in ids 4-6, where it was before
/// <see cref="SweepHistory"/> existed (and always is in RGS1 JSON files). Read only, by <see cref="FileStateUpgrade"/>.
/// </summary>
[GenerateSerializer]
public sealed class Format1SweepState
{
    [Id(0)] public string SpecYaml { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public SweepState State { get; set; }
    [Id(3)] public bool Started { get; set; }
    [Id(4)] public List<TrialRecord> Trials { get; set; } = [];
    [Id(5)] public List<Dictionary<string, string>> Configs { get; set; } = [];
    [Id(6)] public List<RungRecord> Rungs { get; set; } = [];
    [Id(7)] public string? Message { get; set; }
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(10)] public SweepHistory History { get; set; } = new();

    public bool HasHistoryOutsideHistory => Trials.Count > 0 || Configs.Count > 0 || Rungs.Count > 0;

    public SweepGrainState ToState()
    {
        var history = History;
        // As the sweep grain of those builds moved it on activation: a list already in History wins.
        if (history.Trials.Count == 0) history.Trials = Trials;
        if (history.Configs.Count == 0) history.Configs = Configs;
        if (history.Rungs.Count == 0) history.Rungs = Rungs;
        return new SweepGrainState
        {
            SpecYaml = SpecYaml,
            Name = Name,
            State = State,
            Started = Started,
            Message = Message,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
            History = history,
        };
    }
}
