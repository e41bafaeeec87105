using System.Globalization;

namespace RobustGrid.Catalog.Settings;

/// <summary>
/// One typed, named setting (a training option or a method hyperparameter): what it means, its default and the values
/// it accepts. <see cref="Parse"/> turns a user's text into a value or an error that names the setting.
/// </summary>
public abstract record Setting(string Name, string Description)
{
    /// <summary>The default as the user would type it (empty when the setting has none).</summary>
    public abstract string DefaultText { get; }

    /// <summary>The accepted values, in words ("[1, 10]", "true|false", "ratio|projection").</summary>
    public abstract string Range { get; }

    public abstract object? Default { get; }

    /// <param name="owner">Who the setting belongs to, for the error ("method 'augmix'", "training").</param>
    public abstract object Parse(string owner, string text);

    /// <summary>The value in the canonical text form that <see cref="Parse"/> reads back to the same value.</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    protected ArgumentException Error(string owner, string text, string why) =>
        new($"{owner}: {Name} = '{text}' {why}; accepted: {Range}");
}

/// <summary>An integer; <see cref="Extra"/> lists single values accepted outside [Min, Max] (such as -1 for
/// "draw").</summary>
public sealed record IntSetting(string Name, string Description, long? DefaultValue, long Min, long Max,
    long[]? Extra = null)
    : Setting(Name, Description)
{
    public override string DefaultText => DefaultValue is { } d ? Format(d) : "";
    public override string Range => Extra is { Length: > 0 } ? $"{string.Join(", ", Extra)} or [{Min}, {Max}]"
        : $"[{Min}, {Max}]";
    public override object? Default => DefaultValue;

    public bool Accepts(long value) => value >= Min && value <= Max || (Extra?.Contains(value) ?? false);

    public override object Parse(string owner, string text)
    {
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(owner, text, "is not an integer");
        if (!Accepts(value)) throw Error(owner, text, "is out of range");
        return value;
    }
}

public sealed record DoubleSetting(string Name, string Description, double? DefaultValue, double Min, double Max,
    bool MinExclusive = false) : Setting(Name, Description)
{
    public override string DefaultText => DefaultValue is { } d ? Format(d) : "";
    public override string Range =>
        $"{(MinExclusive ? "(" : "[")}{Format(Min)}, {(double.IsPositiveInfinity(Max) ? "inf)" : Format(Max) + "]")}";
    public override object? Default => DefaultValue;

    public bool Accepts(double value) => value <= Max && value >= Min && !(MinExclusive && value == Min);

    public override object Parse(string owner, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
            throw Error(owner, text, "is not a number");
        if (!Accepts(value)) throw Error(owner, text, "is out of range");
        return value;
    }
}

public sealed record BoolSetting(string Name, string Description, bool DefaultValue) : Setting(Name, Description)
{
    public override string DefaultText => DefaultValue ? "true" : "false";
    public override string Range => "true|false";
    public override object? Default => DefaultValue;

    public override object Parse(string owner, string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw Error(owner, text, "is not a boolean"),
    };
}

public sealed record ChoiceSetting(string Name, string Description, string DefaultValue, IReadOnlyList<string> Choices)
    : Setting(Name, Description)
{
    public override string DefaultText => DefaultValue;
    public override string Range => string.Join("|", Choices);
    public override object? Default => DefaultValue;

    public override object Parse(string owner, string text) =>
        Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
        ?? throw Error(owner, text, "is unknown");
}

/// <summary>Free text that is not a path (AugMix's list of ops).</summary>
public sealed record TextSetting(string Name, string Description, string? DefaultValue, string Meaning)
    : Setting(Name, Description)
{
    public override string DefaultText => DefaultValue ?? "";
    public override string Range => Meaning;
    public override object? Default => DefaultValue;

    public override object Parse(string owner, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw Error(owner, text, "is empty") : text;
}

/// <summary>
/// A file or folder the run reads. Existence is checked when the value is used, not when it is parsed, so a
/// checkpoint's recorded parameters still rebuild the model after the input file has moved. On the command line it is
/// any path; a sweep takes only what its grid allows (another trial's result, or a path under the grid's input
/// folders), because a spec may come from anyone who can reach the grid. <see cref="Words"/> are values that name
/// something other than a path (IPMix's <c>fractals</c>).
/// </summary>
public sealed record PathSetting(string Name, string Description, string? DefaultValue, string Meaning)
    : Setting(Name, Description)
{
    public IReadOnlyList<string> Words { get; init; } = [];

    public override string DefaultText => DefaultValue ?? "";
    public override string Range => Meaning;
    public override object? Default => DefaultValue;

    public override object Parse(string owner, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw Error(owner, text, "is empty") : text;
}
