using RobustGrid.Training.Methods.Parameters;

namespace RobustGrid.Training.Methods;

/// <summary>A registered training method: its name, what it does, its hyperparameters, recipe and factory.</summary>
public sealed record MethodDescriptor(
    string Name,
    string Summary,
    IReadOnlyList<MethodParameter> Parameters,
    MethodRecipe Recipe,
    Func<MethodParameterValues, ITrainingMethod> Factory)
{
    public ITrainingMethod Create(IReadOnlyDictionary<string, string> settings) =>
        Factory(MethodParameterValues.Parse(Name, Parameters, settings));
}
