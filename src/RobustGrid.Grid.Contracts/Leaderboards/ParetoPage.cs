namespace RobustGrid.Grid.Contracts;

/// <summary>A configuration on the Pareto front: its entries grouped across seeds.</summary>
/// <param name="Means">Mean over seeds of each of the query's metrics, in the query's order.</param>
/// <param name="Stds">Sample standard deviation over seeds of each metric (0 for one seed).</param>
[GenerateSerializer, Immutable]
public sealed record ParetoRow(
    string Model,
    string Method,
    string ConfigKey,
    Dictionary<string, string> Parameters,
    long[] Seeds,
    string[] TrialIds,
    double[] Means,
    double[] Stds,
    string Protocol);

/// <param name="Configurations">Configurations that have every metric, on the front or not.</param>
/// <param name="Rows">The non-dominated configurations, best first on the first metric.</param>
/// <param name="BoardMetrics">Every metric column of the board's entries.</param>
[GenerateSerializer, Immutable]
public sealed record ParetoPage(
    string Dataset,
    string Suite,
    string[] Metrics,
    bool[] LowerIsBetter,
    int Entries,
    int Configurations,
    ParetoRow[] Rows,
    string[] BoardMetrics);
