using YamlDotNet.RepresentationModel;

namespace RobustGrid.Telemetry.Tests;

/// <summary>YAML documents as plain trees: mappings become dictionaries, sequences lists, scalars strings.</summary>
internal static class Yaml
{
    public static List<Dictionary<string, object?>> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => ToTree(d.RootNode)).OfType<Dictionary<string, object?>>()];
    }

    public static Dictionary<string, object?> Map(this Dictionary<string, object?> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<string, object?> map ? map
            : throw new KeyNotFoundException($"no mapping '{key}'");

    public static Dictionary<string, object?>? MapOrNull(this Dictionary<string, object?> node, string key) =>
        node.TryGetValue(key, out var value) ? value as Dictionary<string, object?> : null;

    public static List<object?> List(this Dictionary<string, object?> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object?> list ? list : [];

    public static string? Text(this Dictionary<string, object?> node, string key) =>
        node.TryGetValue(key, out var value) ? value as string : null;

    private static object? ToTree(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ToTree(p.Value)),
        YamlSequenceNode seq => seq.Children.Select(ToTree).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };
}
