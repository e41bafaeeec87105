using System.Text;
using System.Text.RegularExpressions;
using RobustGrid.Catalog.Methods;
using RobustGrid.Catalog.Training;
using RobustGrid.Grid.Grains.Specs;
using RobustGrid.Tests.Shared;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Sweep specs for fuzzing the spec check, from a fixed seed: specs written from the spec grammar with keys and values
/// drawn from what the grid knows, what it refuses and what attacks it (paths, references, huge numbers), and valid
/// specs (the examples and the grammar's accepted ones) with bytes flipped, inserted, deleted and repeated.
/// </summary>
internal sealed partial class SpecFuzz(int seed)
{
    private static readonly string[] TopKeys =
    [
        "name", "description", "program", "dataset", "method", "metric", "parameters", "early_terminate", "run_cap",
        "parallel_trials", "max_failures", "seeds", "resources", "evaluation", "sampler", "extra", "",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "2", "3", "-1", "10", "0.5", "1e-3", "1e309", "-0", "nan", ".inf", "2147483647", "2147483648",
        "9223372036854775808", "1000000000", "100000000", "0x10", "1_000", "", "~", "true", "1.5",
    ];

    private static readonly string[] Texts =
    [
        "fashion-mnist", "cifar10", "imagenet", "grid", "random", "tpe", "bayes", "erm", "augmix", "small-cnn", "cpu",
        "cuda", "auto", "clean", "fashion-mnist-c", "all", "asha", "minimize", "maximize", "clean/error",
        "corruption/mce", "corruption/fog/3", "fractals", "..", ".", "a/b", "名前", "' quoted", "\"", "{", "[",
        "/etc/hostname", "/etc/shadow", "../../etc/passwd", "relative/run", "/srv/imports/run", "trial:../00000",
        "trial:x/best", "trial:ok-20260101-000000-0000/00000", "trial:", "trial:a//00000", "\\", "\t",
    ];

    private static readonly string[] Distributions =
    [
        "int_uniform", "uniform", "q_uniform", "log_uniform", "log_uniform_values", "normal", "constant", "categorical",
        "beta",
    ];

    private static readonly byte[] Interesting = "{}[]:,-?&*!|>'\"%@`#\n\t \\\0"u8.ToArray();

    private readonly Random _random = new(seed);

    /// <summary>Every parameter name a sweep takes, and a few it does not.</summary>
    private static readonly string[] ParameterNames =
    [
        .. TrainingSettings.Names,
        .. MethodCatalog.Names.Select(MethodCatalog.Describe)
            .SelectMany(m => m.Parameters.Concat(m.SweepOnly).Select(p => $"{m.Name}.{p.Name}")
                .Concat(m.SweepStage is { } s ? s.Options.Select(o => $"{m.Name}.{s.Prefix}{o.Name}") : [])),
        "lr", "augmix.", "magic.x", ".epochs",
    ];

    /// <summary>The specs that exist as files: the examples users start from.</summary>
    public static IReadOnlyList<string> Examples { get; } =
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "examples"), "*.yaml").Order().Select(File.ReadAllText)];

    /// <summary>
    /// A spec written from the grammar: any keys, or (one time in three) a dataset and parameters the grid knows
    /// first, so that part of them pass and the fuzz reaches what follows a successful parse.
    /// </summary>
    public string Grammar()
    {
        var text = new StringBuilder();
        var plausible = _random.Next(3) == 0;
        if (plausible) text.Append("dataset: fashion-mnist\nparameters:\n  epochs: {value: 1}\n");
        foreach (var key in Pick(TopKeys, _random.Next(plausible ? 0 : 1, plausible ? 3 : 9)))
            if (!plausible || key is not ("dataset" or "parameters" or ""))
                text.Append(Key(key)).Append(':').Append(TopValue(key)).Append('\n');
        return text.ToString();
    }

    /// <summary>A valid spec with a few bytes changed.</summary>
    public byte[] Mutated(IReadOnlyList<string> valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid[_random.Next(valid.Count)]).ToList();
        for (var n = _random.Next(1, 8); n > 0 && bytes.Count > 0; n--)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, _random.Next(1, 16)));
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, _random.Next(1, 64))));
                    break;
                case 4:
                    bytes[at] = (byte)_random.Next(256);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>
    /// Why a refusal does not say where the problem is, or null when every error names a field path (an unknown key
    /// is itself the field) or a line and column, and none is the check failing on its own code.
    /// </summary>
    public static string? Unexplained(IEnumerable<string> errors)
    {
        var list = errors.ToList();
        if (list.Count == 0) return "refused without an error";
        foreach (var error in list)
        {
            var colon = error.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) return $"'{error}' is not 'path: message'";
            var (path, message) = (error[..colon], error[(colon + 2)..]);
            if (message.Length == 0) return $"'{error}' has no message";
            if (message.Contains("could not be validated", StringComparison.Ordinal))
                return $"'{error}' is a fault of the check";
            if (path.StartsWith("(line", StringComparison.Ordinal) && !Position().IsMatch(path))
                return $"'{error}' has a malformed position";
            if (path == "(spec)" && !WholeSpec().IsMatch(message))
                return $"'{error}' names neither a field nor a place";
            if (path.Length == 0) return $"'{error}' names no field";
        }
        return null;
    }

    private string TopValue(string key) => key switch
    {
        "parameters" => Parameters(),
        "metric" => Maybe(() => Flow(("name", Text()), ("goal", Text()), ("target", Number()))),
        "early_terminate" => Maybe(() => Flow(("type", Text()), ("min_iter", Number()), ("eta", Number()),
            ("max_iter", Number()), ("metric", Text()), ("goal", Text()))),
        "resources" => Maybe(() => Flow(("device", Text()), ("gpu", Number()), ("cpu", Number()))),
        "evaluation" => Maybe(() => Flow(("suite", Text()), ("corruptions", List(Text)), ("severities", List(Number)),
            ("n_examples", Number()), ("adversarial", List(Text)), ("adversarial_examples", Number()))),
        "sampler" => Maybe(() => Flow(("seed", Number()), ("n_startup_trials", Number()))),
        "seeds" => _random.Next(3) == 0 ? " " + List(Number) : " " + Number(),
        _ => " " + (_random.Next(2) == 0 ? Number() : Text()),
    };

    private string Parameters()
    {
        if (_random.Next(10) == 0) return " " + Text();
        var text = new StringBuilder("\n");
        foreach (var name in Pick(ParameterNames, _random.Next(0, 6)))
        {
            var value = _random.Next(6) switch
            {
                0 => Flow(("value", Value())),
                1 => Flow(("values", List(Value))),
                2 => Flow(("distribution", Pick(Distributions)), ("min", Number()), ("max", Number()), ("q", Number())),
                3 => Flow(("min", Number()), ("max", Number())),
                4 => Flow(("distribution", "normal"), ("mu", Number()), ("sigma", Number())),
                _ => " " + Value(),
            };
            text.Append("  ").Append(Key(name)).Append(':').Append(value).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private string Value() => _random.Next(2) == 0 ? Number() : Text();

    private string Maybe(Func<string> mapping) => _random.Next(8) == 0 ? " " + Value() : mapping();

    private string Flow(params (string Key, string Value)[] entries) => " {" + string.Join(", ",
        Pick(entries, _random.Next(0, entries.Length + 1)).Select(e => $"{e.Key}: {e.Value}")) + "}";

    private string List(Func<string> item) =>
        "[" + string.Join(", ", Enumerable.Range(0, _random.Next(0, 5)).Select(_ => item())) + "]";

    private string Number() => Pick(Numbers);

    /// <summary>A text value, double-quoted (escaped) or plain when YAML reads it back as the same text.</summary>
    private string Text()
    {
        var text = Pick(Texts);
        return _random.Next(2) == 0 || !PlainText().IsMatch(text) ? Quoted(text) : text;
    }

    private static string Key(string key) => PlainText().IsMatch(key) ? key : Quoted(key);

    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private IEnumerable<T> Pick<T>(IReadOnlyList<T> items, int count) =>
        items.OrderBy(_ => _random.Next()).Take(Math.Min(count, items.Count)).ToList();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$")]
    private static partial Regex PlainText();

    [GeneratedRegex(@"^\(line \d+, column \d+\)$")]
    private static partial Regex Position();

    private const string WholeSpecPattern =
        @"^(the spec is empty|the spec must be a YAML mapping|\d+ is above this grid's limit of \d+ bytes)";

    /// <summary>The refusals that concern the whole spec rather than a part of it.</summary>
    [GeneratedRegex(WholeSpecPattern)]
    private static partial Regex WholeSpec();
}
