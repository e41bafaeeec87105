namespace RobustGrid.Grid.Grains.Sampling;

/// <summary>Chooses the parameter values of configuration number <c>configIndex</c>.</summary>
internal interface IConfigSampler
{
    Dictionary<string, string> Sample(int configIndex, IReadOnlyList<Observation> observations);

    /// <summary>Whether Sample reads the observations; the sweep gathers them (a pass over its trials) only
    /// then.</summary>
    bool UsesObservations => false;

    /// <summary>Whether Sample also reads each configuration's values at the early-termination rungs, one
    /// observation per budget.</summary>
    bool UsesRungObservations => false;
}
