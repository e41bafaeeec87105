namespace RobustGrid.Grid.Grains.Specs;

/// <summary>A validated sweep spec. Build it with SweepSpecParser.Parse; it never holds an invalid value.</summary>
/// <param name="SearchMethod">grid, random or tpe.</param>
/// <param name="DefinedTrials">Configurations x seeds, already capped by run_cap.</param>
public sealed record SweepSpec(
    string Name,
    string Dataset,
    string SearchMethod,
    string Metric,
    bool LowerIsBetter,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<long> Seeds,
    int? RunCap,
    int ParallelTrials,
    int MaxFailures,
    EarlyTerminationSpec? EarlyTerminate,
    string Device,
    EvaluationSpec Evaluation,
    int Configurations,
    int DefinedTrials,
    long SamplerSeed,
    int TpeStartupTrials);
