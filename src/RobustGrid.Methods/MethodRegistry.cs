using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Methods.AdvBn;
using RobustGrid.Methods.AdvMixup;
using RobustGrid.Methods.AugMix;
using RobustGrid.Methods.DynTta;
using RobustGrid.Methods.Erm;
using RobustGrid.Methods.IpMix;
using RobustGrid.Methods.NaTra;
using RobustGrid.Training.Training;

namespace RobustGrid.Methods;

/// <summary>
/// The code that runs each training method of the catalog (<see cref="MethodCatalog.Training"/>), by name. Names,
/// hyperparameters and recipes are the catalog's; a test keeps the two lists equal.
/// </summary>
public static class MethodRegistry
{
    private static readonly IReadOnlyDictionary<string, Func<SettingValues, ITrainingMethod>> Factories =
        new Dictionary<string, Func<SettingValues, ITrainingMethod>>
        {
            [ErmInfo.Info.Name] = values => new ErmMethod(values),
            [AugMixInfo.Info.Name] = values => new AugMixMethod(values),
            [IpMixInfo.Info.Name] = values => new IpMixMethod(values),
            [AdvBnInfo.Info.Name] = values => new AdvBnMethod(values),
            [AdvMixupInfo.Info.Name] = values => new AdvMixupMethod(values),
            [NaTraInfo.Info.Name] = NaTraMethod.FromSettings,
            [DynTtaAugmentInfo.Info.Name] = DynTtaAugment.FromSettings,
        };

    public static IReadOnlyCollection<string> Names => Factories.Keys.ToList();

    /// <summary>Builds a method; unknown hyperparameters and out-of-range values throw, naming the parameter.</summary>
    public static ITrainingMethod Create(string name, IReadOnlyDictionary<string, string> parameters)
    {
        var info = MethodCatalog.Describe(name);
        return Factories.TryGetValue(name, out var factory)
            ? factory(info.Parse(parameters))
            : throw new ArgumentException(
                $"method '{name}' is not a training method; trainable: {string.Join(", ", Factories.Keys)}");
    }
}
