using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

/// <summary>
/// A method as users name and configure it: what it does, its hyperparameters (type, default, range) and the
/// training recipe of its paper. The training code that runs it is registered by name in RobustGrid.Methods.
/// </summary>
/// <param name="Parameters">Hyperparameters as <c>train --set key=value</c> and a sweep's <c>&lt;method&gt;.key</c>
/// take them.</param>
public sealed record MethodInfo(string Name, string Summary, IReadOnlyList<Setting> Parameters, MethodRecipe Recipe)
{
    /// <summary>The input a run cannot start without, as "parameter: what it is" (null: none).</summary>
    public string? RequiredInput { get; init; }

    /// <summary>Settings a sweep may give beside <see cref="Parameters"/> (inputs the grid resolves for the
    /// trial).</summary>
    public IReadOnlyList<Setting> SweepOnly { get; init; } = [];

    /// <summary>
    /// Options of a stage the grid builds for the trial, taken in a sweep as
    /// <c>&lt;method&gt;.&lt;prefix&gt;&lt;option&gt;</c> (NaTra's stages 1-4: <c>natra.stage.gan-epochs</c>).
    /// </summary>
    public (string Prefix, IReadOnlyList<Setting> Options)? SweepStage { get; init; }

    /// <summary>Hyperparameters a sweep may not give, with the reason (DynTTA's epochs and seed are the
    /// sweep's).</summary>
    public IReadOnlyDictionary<string, string> NotInSweeps { get; init; } = new Dictionary<string, string>();

    /// <summary>The owner named in errors.</summary>
    public string Owner => $"method '{Name}'";

    /// <summary>Parses <c>--set</c>-style hyperparameters; unknown names and bad values throw, naming the
    /// key.</summary>
    public SettingValues Parse(IReadOnlyDictionary<string, string> settings) =>
        SettingValues.Parse(Owner, Parameters, settings);

    /// <summary>
    /// Checks one value of a sweep's <c>&lt;method&gt;.<paramref name="key"/></c>; returns why it is refused, or null.
    /// </summary>
    public string? CheckSweepValue(string key, string? value)
    {
        if (NotInSweeps.TryGetValue(key, out var why)) return why;
        var (owner, declared, name) = SweepSetting(key);
        try
        {
            var setting = SettingValues.Find(owner, declared, name);
            if (value is not null) setting.Parse(owner, value);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>The setting a sweep key names, or null when there is none.</summary>
    public Setting? FindSweepSetting(string key)
    {
        var (_, declared, name) = SweepSetting(key);
        return declared.FirstOrDefault(s => s.Name == name);
    }

    private (string Owner, IReadOnlyList<Setting> Declared, string Name) SweepSetting(string key) =>
        SweepStage is { } stage && key.StartsWith(stage.Prefix, StringComparison.Ordinal)
            ? ($"{Owner} stage option", stage.Options, key[stage.Prefix.Length..])
            : (Owner, [.. Parameters.Where(p => !NotInSweeps.ContainsKey(p.Name)), .. SweepOnly], key);
}
