using System.Globalization;

namespace RobustGrid.Training.Methods.Parameters;

/// <summary>
/// One typed hyperparameter of a training method: its name, what it means, the paper's default and the values
/// it accepts. <see cref="Parse"/> turns a user's text into a value or an error that names the parameter.
/// </summary>
public abstract record MethodParameter(string Name, string Description)
{
    /// <summary>The default as the user would type it (empty when the parameter has none).</summary>
    public abstract string DefaultText { get; }

    /// <summary>The accepted values, in words ("[1, 10]", "true|false", "ratio|projection").</summary>
    public abstract string Range { get; }

    public abstract object? Default { get; }

    public abstract object Parse(string method, string text);

    protected ArgumentException Error(string method, string text, string why) =>
        new($"method '{method}': {Name} = '{text}' {why}; accepted: {Range}");

    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record IntParameter(string Name, string Description, int DefaultValue, int Min, int Max, int[]? Extra = null)
    : MethodParameter(Name, Description)
{
    public override string DefaultText => DefaultValue.ToString(CultureInfo.InvariantCulture);
    public override string Range => Extra is { Length: > 0 } ? $"{string.Join(", ", Extra)} or [{Min}, {Max}]" : $"[{Min}, {Max}]";
    public override object? Default => DefaultValue;

    public override object Parse(string method, string text)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(method, text, "is not an integer");
        if ((value < Min || value > Max) && !(Extra?.Contains(value) ?? false))
            throw Error(method, text, "is out of range");
        return value;
    }
}

public sealed record DoubleParameter(string Name, string Description, double DefaultValue, double Min, double Max,
    bool MinExclusive = false) : MethodParameter(Name, Description)
{
    public override string DefaultText => Format(DefaultValue);
    public override string Range => $"{(MinExclusive ? "(" : "[")}{Format(Min)}, {Format(Max)}]";
    public override object? Default => DefaultValue;

    public override object Parse(string method, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(method, text, "is not a number");
        if (value > Max || value < Min || (MinExclusive && value == Min))
            throw Error(method, text, "is out of range");
        return value;
    }
}

public sealed record BoolParameter(string Name, string Description, bool DefaultValue) : MethodParameter(Name, Description)
{
    public override string DefaultText => DefaultValue ? "true" : "false";
    public override string Range => "true|false";
    public override object? Default => DefaultValue;

    public override object Parse(string method, string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw Error(method, text, "is not a boolean"),
    };
}

public sealed record ChoiceParameter(string Name, string Description, string DefaultValue, string[] Choices)
    : MethodParameter(Name, Description)
{
    public override string DefaultText => DefaultValue;
    public override string Range => string.Join("|", Choices);
    public override object? Default => DefaultValue;

    public override object Parse(string method, string text) =>
        Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
        ?? throw Error(method, text, "is not one of the choices");
}

/// <summary>
/// Free text such as a file path. Existence is checked when the method uses it, not when it is parsed, so a
/// checkpoint's recorded parameters still rebuild the model after the input file has moved.
/// </summary>
public sealed record TextParameter(string Name, string Description, string? DefaultValue, string Meaning)
    : MethodParameter(Name, Description)
{
    public override string DefaultText => DefaultValue ?? "";
    public override string Range => Meaning;
    public override object? Default => DefaultValue;

    public override object Parse(string method, string text) =>
        string.IsNullOrWhiteSpace(text) ? throw Error(method, text, "is empty") : text;
}
