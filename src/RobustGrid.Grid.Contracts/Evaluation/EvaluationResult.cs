namespace RobustGrid.Grid.Contracts;

/// <summary>Metrics of one checkpoint on one suite. Keys follow MetricNames.</summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationResult(string CheckpointId, string Suite, Dictionary<string, double> Metrics,
    double Seconds);
