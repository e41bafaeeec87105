using System.Globalization;

namespace RobustGrid.Training.Methods.Parameters;

/// <summary>A method's hyperparameters after parsing: every declared one, set by the user or at its default.</summary>
public sealed class MethodParameterValues
{
    private readonly Dictionary<string, object?> _values;

    private MethodParameterValues(Dictionary<string, object?> values) => _values = values;

    /// <summary>Parses user settings against the declared parameters; unknown names and bad values throw.</summary>
    public static MethodParameterValues Parse(string method, IReadOnlyList<MethodParameter> declared,
        IReadOnlyDictionary<string, string> settings)
    {
        var values = declared.ToDictionary(p => p.Name, p => p.Default);
        foreach (var (name, text) in settings)
        {
            var parameter = declared.FirstOrDefault(p => p.Name == name)
                ?? throw new ArgumentException(declared.Count == 0
                    ? $"method '{method}' has no hyperparameters (got '{name}')"
                    : $"method '{method}' has no hyperparameter '{name}'; known: {string.Join(", ", declared.Select(p => p.Name))}");
            values[name] = parameter.Parse(method, text);
        }
        return new MethodParameterValues(values);
    }

    public int Int(string name) => (int)_values[name]!;
    public double Double(string name) => (double)_values[name]!;
    public bool Bool(string name) => (bool)_values[name]!;
    public string Text(string name) => (string)_values[name]!;
    public string? OptionalText(string name) => _values[name] as string;

    /// <summary>Every value as text, defaults included: what a checkpoint records as "used".</summary>
    public IReadOnlyDictionary<string, string> Describe() => _values
        .Where(v => v.Value is not null)
        .ToDictionary(v => v.Key, v => v.Value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other!.ToString()!,
        });
}
