using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// Reads a spec's YAML into a mapping. YamlDotNet reports bad input with YamlException and, for some malformed flow
/// collections, InvalidOperationException, and it builds nested nodes recursively, so that a few thousand unclosed
/// brackets overflow the stack and end the process; every failure here becomes one error at a line and column instead.
/// </summary>
internal static class SpecYaml
{
    /// <summary>A spec is four levels deep at most (parameters, a parameter, its values): this leaves room.</summary>
    public const int MaxDepth = 32;

    public static YamlMappingNode? Load(string yaml, List<SpecError> errors)
    {
        var parser = new DepthLimitedParser(new Parser(new StringReader(yaml)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map) return map;
            errors.Add(new SpecError("(spec)", "the spec must be a YAML mapping (key: value lines)"));
        }
        catch (YamlException e)
        {
            errors.Add(new SpecError(Where(e.Start), $"invalid YAML: {e.Message}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet's other exceptions carry no position and a message meant for its own developers.
            errors.Add(new SpecError(Where(parser.Current?.Start),
                "invalid YAML: the text here does not continue the mapping or list around it " +
                "(is a '{' or '[' left open?)"));
        }
        return null;
    }

    private static string Where(Mark? mark) =>
        mark is { } m ? $"(line {m.Line}, column {m.Column})" : "(line 1, column 1)";

    /// <summary>Refuses a collection nested deeper than <see cref="MaxDepth"/> before the loader recurses.</summary>
    private sealed class DepthLimitedParser(IParser inner) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            switch (inner.Current)
            {
                case MappingStart or SequenceStart when ++_depth > MaxDepth:
                    throw new YamlException(inner.Current.Start, inner.Current.End,
                        $"nested deeper than {MaxDepth} levels; a sweep spec is a few levels deep");
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }
            return true;
        }
    }
}
