using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// The inputs that methods building on earlier results cannot run without, checked when the spec is validated
/// rather than when a trial starts: the file or folder a trial reads is named by a parameter, and a sweep that lists
/// the method must give it. Each such value is another trial's result or a path inside the grid's input folders
/// (<see cref="InputSandbox"/>); whether the file exists is not checked, and never told.
/// </summary>
internal static class MethodInputRules
{
    /// <summary>DynTTA trials report no test accuracy per epoch: their classifier is frozen and their evaluation
    /// follows training, so ASHA can rank them only by their training loss or accuracy.</summary>
    public static void ValidateEarlyTermination(IReadOnlyList<ParameterSpec> parameters, EarlyTerminationSpec? early,
        List<SpecError> errors)
    {
        var methods = parameters.FirstOrDefault(p => p.Name == "method")?.Values ?? [];
        if (early is not null && methods.Contains(GridCatalog.DynTta) && early.Metric == "test_accuracy")
            errors.Add(new SpecError("early_terminate.metric",
                "dyntta trials report no per-epoch test accuracy (they are evaluated after training); " +
                "use train_loss or train_accuracy"));
    }

    /// <summary>How a path-valued parameter may be given, the same text whatever the refused value was.</summary>
    public const string InputUsage =
        "use trial:<sweep id>/<index>, trial:<sweep name>/best, or an absolute path inside the grid's input folders " +
        "(its checkpoint store, or an import folder its operator allows)";

    public static void Validate(IReadOnlyList<ParameterSpec> parameters, InputSandbox inputs, List<SpecError> errors)
    {
        var methods = parameters.FirstOrDefault(p => p.Name == "method")?.Values ?? [];
        var given = parameters.Select(p => p.Name).ToHashSet();
        foreach (var method in methods.Distinct().Where(MethodCatalog.Names.Contains).Select(MethodCatalog.Describe))
        {
            if (method.RequiredInput is { } input && !given.Contains($"{method.Name}.{input[..input.IndexOf(':')]}"))
                errors.Add(new SpecError("parameters", $"method {method.Name} needs {method.Name}.{input}"));
        }
        if (methods.Contains("natra") && given.Contains("natra.stages") == given.Contains("natra.classifier"))
            errors.Add(new SpecError("parameters",
                "method natra needs exactly one of natra.stages (a folder of 'robustgrid natra') " +
                "and natra.classifier (the grid makes the stages)"));
        foreach (var parameter in parameters)
        {
            foreach (var value in parameter.Values.Where(TrialReference.LooksLikeReference))
                if (!TrialReference.TryParse(value, out _))
                    errors.Add(new SpecError($"parameters.{parameter.Name}",
                        $"'{value}' does not name a trial: {TrialReference.Usage}"));
            if (ParameterRules.SettingOf(parameter.Name) is PathSetting path && parameter.Values.Any(v =>
                    !TrialReference.LooksLikeReference(v) && !path.Words.Contains(v) && !inputs.Allows(v)))
                errors.Add(new SpecError($"parameters.{parameter.Name}", InputUsage));
        }
    }
}
