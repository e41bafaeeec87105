using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>Assertions on sweep-spec validation errors, shared by the spec test classes.</summary>
internal static class SpecAssert
{
    public static IReadOnlyList<SpecError> Errors(string yaml) => SweepSpecParser.Parse(yaml).Errors;

    /// <summary>The spec is refused with an error at <paramref name="path"/> whose message contains
    /// <paramref name="fragment"/>.</summary>
    public static void Error(string yaml, string path, string fragment)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected {path}: ...{fragment}..., got:\n{string.Join("\n", errors)}");
    }
}
