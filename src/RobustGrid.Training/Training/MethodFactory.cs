namespace RobustGrid.Training.Training;

/// <summary>
/// Builds a training method from its name and hyperparameters; unknown names and bad values throw. The engine knows
/// no method by name: the layer above, which holds them, hands this to the trainer and to checkpoint loading.
/// </summary>
public delegate ITrainingMethod MethodFactory(string name, IReadOnlyDictionary<string, string> parameters);
