namespace RobustGrid.Training.Training;

/// <summary>
/// Part of a run, as population-based training trains it: the epochs up to <see cref="EndEpoch"/> (the learning-rate
/// schedule still spans the configuration's epochs), starting from a checkpoint that may have been written under other
/// values of the <see cref="RobustGrid.Catalog.Training.TrainingSettings.Exploitable"/> settings.
/// </summary>
/// <param name="EndEpoch">The run stops, completed, once this many epochs are in its checkpoint.</param>
public sealed record TrainingSegment(int EndEpoch);
