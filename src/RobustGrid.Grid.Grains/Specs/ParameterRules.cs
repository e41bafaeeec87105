using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Settings;
using RobustGrid.Catalog.Training;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// Checks a spec's parameters against the catalog: every key names a training setting or a hyperparameter of a known
/// method, and every value a parameter can take is one the setting accepts, so a bad value is refused at launch,
/// naming the key, instead of failing trials.
/// </summary>
internal static class ParameterRules
{
    /// <summary>Why <paramref name="name"/> is not a parameter a sweep takes, or null when it is.</summary>
    public static string? CheckKey(string name)
    {
        if (TrainingSettings.Names.Contains(name)) return null;
        var dot = name.IndexOf('.');
        if (dot > 0 && MethodCatalog.Names.Contains(name[..dot]))
            return dot == name.Length - 1
                ? $"a method hyperparameter needs a name after '{name[..(dot + 1)]}'"
                : MethodCatalog.Describe(name[..dot]).CheckSweepValue(name[(dot + 1)..], null);
        return $"unknown parameter; allowed: {string.Join(", ", TrainingSettings.Names)}, or a method hyperparameter " +
               $"'<method>.<name>' with method one of {string.Join(", ", MethodCatalog.Names)}";
    }

    /// <summary>Checks every value the parameter can take; adds one error per refused value.</summary>
    public static void CheckValues(ParameterSpec p, string path, List<SpecError> errors)
    {
        var (setting, check) = Describe(p.Name);
        if (setting is null) return;
        if (!p.IsNumeric)
        {
            foreach (var value in p.Values.Where(v => !TrialReference.LooksLikeReference(v)))
                if (check(value) is { } why) errors.Add(new SpecError(path, why));
            return;
        }
        if (CheckDistribution(p, setting) is { } problem) errors.Add(new SpecError($"{path}.distribution", problem));
    }

    /// <summary>The setting a parameter the key check accepted names, or null when it names none.</summary>
    public static Setting? SettingOf(string name) => Describe(name).Setting;

    private static (Setting? Setting, Func<string, string?> Check) Describe(string name)
    {
        if (TrainingSettings.Names.Contains(name))
        {
            var setting = TrainingSettings.Find(name);
            return (setting, value => Refusal(() => setting.Parse("training", value)));
        }
        var dot = name.IndexOf('.');
        var method = MethodCatalog.Describe(name[..dot]);
        var key = name[(dot + 1)..];
        return (method.FindSweepSetting(key), value => method.CheckSweepValue(key, value));
    }

    private static string? Refusal(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>A distribution must draw only values the setting accepts.</summary>
    private static string? CheckDistribution(ParameterSpec p, Setting setting)
    {
        var (min, max) = setting switch
        {
            IntSetting i => ((double)i.Min, (double)i.Max),
            DoubleSetting d => (d.Min, d.Max),
            _ => (double.NaN, double.NaN),
        };
        if (double.IsNaN(min)) return $"{p.Name} is chosen with 'values' or 'value' (accepted: {setting.Range})";
        if (setting is IntSetting && p.Kind != ParameterKind.IntUniform)
            return $"{p.Name} is an integer: use int_uniform or values";
        if (p.Kind == ParameterKind.Normal)
            return $"a normal distribution can leave {p.Name}'s range {setting.Range}; use a bounded one";
        var (low, high) = p.Kind == ParameterKind.LogUniform ? (Math.Exp(p.Min), Math.Exp(p.Max)) : (p.Min, p.Max);
        var exclusiveMin = setting is DoubleSetting { MinExclusive: true };
        return low < min || high > max || exclusiveMin && low <= min
            ? $"{p.Name} draws from [{low:G6}, {high:G6}], outside its range {setting.Range}"
            : null;
    }
}
