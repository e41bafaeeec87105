namespace RobustGrid.Training.Methods;

/// <summary>Training methods by canonical name.</summary>
public static class MethodRegistry
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, string>, ITrainingMethod>> Factories = new()
    {
        ["erm"] = parameters => NoParameters("erm", parameters, new ErmMethod()),
        ["natra"] = NaTra.NaTraMethod.Create,
        ["dyntta-augment"] = TestTime.DynTta.EstimatedAugmentationMethod.Create,
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static ITrainingMethod Create(string name, IReadOnlyDictionary<string, string> parameters) =>
        Factories.TryGetValue(name, out var factory)
            ? factory(parameters)
            : throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", Factories.Keys)}");

    private static ITrainingMethod NoParameters(string name, IReadOnlyDictionary<string, string> parameters, ITrainingMethod method) =>
        parameters.Count == 0
            ? method
            : throw new ArgumentException($"method '{name}' has no hyperparameter '{parameters.Keys.First()}'");
}
