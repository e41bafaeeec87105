namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// The inputs that methods building on earlier results cannot run without, checked when the spec is validated
/// rather than when a trial starts: the file or folder a trial reads is named by a parameter, and a sweep that lists
/// the method must give it. Only presence is checked: a path may be valid on the silos and not on the client.
/// </summary>
internal static class MethodInputRules
{
    private static readonly Dictionary<string, string> RequiredInput = new()
    {
        ["advbn"] = "advbn.checkpoint: the trained model to fine-tune",
        ["dyntta"] = "dyntta.checkpoint: the trained classifier to enhance",
        ["dyntta-augment"] = "dyntta-augment.policy: the augmentation-policy.json of a DynTTA stage folder",
    };

    public static void Validate(IReadOnlyList<ParameterSpec> parameters, List<SpecError> errors)
    {
        var methods = parameters.FirstOrDefault(p => p.Name == "method")?.Values ?? [];
        var given = parameters.Select(p => p.Name).ToHashSet();
        foreach (var method in methods.Distinct())
        {
            if (RequiredInput.TryGetValue(method, out var input) && !given.Contains(input[..input.IndexOf(':')]))
                errors.Add(new SpecError("parameters", $"method {method} needs {input}"));
        }
        if (methods.Contains("natra") && given.Contains("natra.stages") == given.Contains("natra.classifier"))
            errors.Add(new SpecError("parameters",
                "method natra needs exactly one of natra.stages (a folder of 'robustgrid natra') and natra.classifier (the grid makes the stages)"));
        foreach (var name in new[] { "dyntta.epochs", "dyntta.seed" })
            if (given.Contains(name))
                errors.Add(new SpecError($"parameters.{name}", "a dyntta trial's stage-3 epochs and seed are the sweep's 'epochs' and 'seeds'"));
    }
}
