using RobustGrid.Training.Methods.AdvBn;
using RobustGrid.Training.Methods.AdvMixup;
using RobustGrid.Training.Methods.AugMix;
using RobustGrid.Training.Methods.IpMix;
using RobustGrid.Training.Training;

namespace RobustGrid.Training.Methods;

/// <summary>Training methods by canonical name, with their hyperparameters, defaults and recipes.</summary>
public static class MethodRegistry
{
    public static readonly IReadOnlyList<MethodDescriptor> All =
    [
        ErmMethod.Descriptor,
        AugMixMethod.Descriptor,
        IpMixMethod.Descriptor,
        AdvBnMethod.Descriptor,
        AdvMixupMethod.Descriptor,
        NaTra.NaTraMethod.Descriptor,
        TestTime.DynTta.EstimatedAugmentationMethod.Descriptor,
    ];

    public static IReadOnlyCollection<string> Names => All.Select(d => d.Name).ToList();

    public static MethodDescriptor Describe(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>Builds a method; unknown hyperparameters and out-of-range values throw, naming the parameter.</summary>
    public static ITrainingMethod Create(string name, IReadOnlyDictionary<string, string> parameters) =>
        Describe(name).Create(parameters);

    /// <summary>Applies the method's recipe to every option not in <paramref name="explicitlySet"/>.</summary>
    public static TrainingConfig WithRecipe(TrainingConfig config, IReadOnlySet<string> explicitlySet) =>
        Describe(config.Method).Recipe.ApplyTo(config, explicitlySet);
}
