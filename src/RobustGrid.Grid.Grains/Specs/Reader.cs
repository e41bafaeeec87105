using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>Typed access to one YAML mapping that records an error (with the full field path) for every bad
/// value.</summary>
internal sealed class Reader(YamlMappingNode node, List<SpecError> errors, string path = "")
{
    /// <summary>The keys as text; an empty key is written <c>""</c>, so that an error about it names it.</summary>
    public IEnumerable<string> Keys => node.Children.Keys.Select(k => k switch
    {
        YamlScalarNode { Value: { Length: > 0 } text } => text,
        YamlScalarNode => "\"\"",
        _ => k.ToString(),
    });

    private string PathOf(string key) => path.Length == 0 ? key : $"{path}.{key}";

    public bool Has(string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    private YamlNode? Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public void OnlyKeys(params string[] allowed)
    {
        foreach (var key in Keys.Where(k => !allowed.Contains(k)))
            errors.Add(new SpecError(PathOf(key), $"unknown key; allowed: {string.Join(", ", allowed)}"));
    }

    public bool IsMap(string key) => Get(key) is YamlMappingNode;

    public Reader? Map(string key)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is YamlMappingNode m) return new Reader(m, errors, PathOf(key));
        errors.Add(new SpecError(PathOf(key), "must be a mapping (key: value lines)"));
        return null;
    }

    public string? Scalar(string key)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is YamlScalarNode s && s.Value is { } text) return text;
        errors.Add(new SpecError(PathOf(key), "must be a single value"));
        return null;
    }

    public string? String(string key, bool quiet = false)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)) return s.Value.Trim();
        if (!quiet) errors.Add(new SpecError(PathOf(key), "must be a non-empty text value"));
        return null;
    }

    public bool IsIntegerText(string key) =>
        Get(key) is YamlScalarNode { Value: { } t }
            && long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    public int? Int(string key, int min, bool quiet = false)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is YamlScalarNode { Value: { } t }
            && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            if (i >= min) return i;
            if (!quiet) errors.Add(new SpecError(PathOf(key), $"must be an integer >= {min} (got {i})"));
            return null;
        }
        if (!quiet) errors.Add(new SpecError(PathOf(key), $"must be an integer >= {min}"));
        return null;
    }

    public double? Double(string key)
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is YamlScalarNode { Value: { } t }
            && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d)) return d;
        errors.Add(new SpecError(PathOf(key), "must be a number"));
        return null;
    }

    public bool IsList(string key) => Get(key) is YamlSequenceNode;

    /// <summary>A list of mappings, each read with its position in the path (<c>metric[1].goal</c>).</summary>
    public IReadOnlyList<Reader>? MapList(string key, string what)
    {
        if (Get(key) is not YamlSequenceNode seq) return null;
        var result = new List<Reader>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var itemPath = $"{PathOf(key)}[{i}]";
            if (seq.Children[i] is YamlMappingNode m) result.Add(new Reader(m, errors, itemPath));
            else errors.Add(new SpecError(itemPath, $"must be {what}"));
        }
        return result;
    }

    public IReadOnlyList<string>? ScalarList(string key, string what = "a list of values")
    {
        var v = Get(key);
        if (v is null) return null;
        if (v is not YamlSequenceNode seq)
        {
            errors.Add(new SpecError(PathOf(key), $"must be {what}"));
            return null;
        }
        var result = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { } t }) result.Add(t);
            else errors.Add(new SpecError(PathOf(key), "list items must be single values"));
        }
        return result;
    }
}
