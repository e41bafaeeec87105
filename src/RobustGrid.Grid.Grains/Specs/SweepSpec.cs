namespace RobustGrid.Grid.Grains.Specs;

/// <summary>A validated sweep spec. Build it with SweepSpecParser.Parse; it never holds an invalid value.</summary>
/// <param name="SearchMethod">grid, random, tpe or pbt.</param>
/// <param name="Seeds">Every seed a configuration may run: the list or count given, or 0 to seeds.max − 1.</param>
/// <param name="DefinedTrials">Configurations x seeds, already capped by run_cap; with
/// <paramref name="UntilSeparated"/> the most the sweep may run (every configuration at seeds.max).</param>
/// <param name="UntilSeparated">Set when seeds are added until the top is separated.</param>
/// <param name="Objectives">With several objectives in <c>metric</c>: all of them, the primary first; the primary is
/// also <paramref name="Metric"/>, which ranks the sweep's best trial and its board.</param>
/// <param name="PopulationSize">NSGA-II's generation size.</param>
/// <param name="WarmStart">Names or ids of earlier sweeps whose finished trials the model-based samplers start
/// from.</param>
/// <param name="Population">Set for method pbt: its population, interval and ranking.</param>
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
    int TpeStartupTrials,
    SeedBudget? UntilSeparated = null,
    IReadOnlyList<Objective>? Objectives = null,
    int PopulationSize = SweepSpec.DefaultPopulationSize,
    IReadOnlyList<string>? WarmStart = null,
    PopulationSpec? Population = null)
{
    public const int DefaultPopulationSize = 50;

    /// <summary>Every objective, the primary one (<see cref="Metric"/>) first; one for a single-metric
    /// sweep.</summary>
    public IReadOnlyList<Objective> AllObjectives => Objectives ?? [new Objective(Metric, LowerIsBetter)];

    /// <summary>Seeds every configuration runs before the sweep looks at the results.</summary>
    public int InitialSeeds => UntilSeparated?.Min ?? Seeds.Count;

    /// <summary>The trials every configuration runs: configurations x initial seeds.</summary>
    public int InitialTrials => Configurations * InitialSeeds;
}
