namespace RobustGrid.Catalog.Settings;

/// <summary>Settings after parsing: every declared one, given by the user or at its default.</summary>
public sealed class SettingValues
{
    private readonly Dictionary<string, object?> _values;

    private SettingValues(Dictionary<string, object?> values) => _values = values;

    /// <summary>Parses user settings against the declared ones; unknown names and bad values throw, naming the
    /// key.</summary>
    /// <param name="owner">Who declares them, for errors ("method 'augmix'").</param>
    public static SettingValues Parse(string owner, IReadOnlyList<Setting> declared,
        IReadOnlyDictionary<string, string> settings)
    {
        var values = declared.ToDictionary(p => p.Name, p => p.Default);
        foreach (var (name, text) in settings)
        {
            var setting = Find(owner, declared, name);
            values[name] = setting.Parse(owner, text);
        }
        return new SettingValues(values);
    }

    /// <summary>The declared setting called <paramref name="name"/>, or an error listing the known names.</summary>
    public static Setting Find(string owner, IReadOnlyList<Setting> declared, string name) =>
        declared.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException(declared.Count == 0
            ? $"{owner} has no settings (got '{name}')"
            : $"{owner} has no setting '{name}'; known: {string.Join(", ", declared.Select(p => p.Name))}");

    public int Int(string name) => checked((int)(long)_values[name]!);
    public int? OptionalInt(string name) => _values[name] is long value ? checked((int)value) : null;
    public long Long(string name) => (long)_values[name]!;
    public double Double(string name) => (double)_values[name]!;
    public double? OptionalDouble(string name) => _values[name] as double?;
    public bool Bool(string name) => (bool)_values[name]!;
    public string Text(string name) => (string)_values[name]!;
    public string? OptionalText(string name) => _values[name] as string;

    /// <summary>Every value as text, defaults included: what a checkpoint records as "used".</summary>
    public IReadOnlyDictionary<string, string> Describe() => _values
        .Where(v => v.Value is not null)
        .ToDictionary(v => v.Key, v => Setting.Format(v.Value!));
}
