using System.Text;
using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

/// <summary>
/// Twelve thousand specs from <see cref="SpecFuzz"/> through the spec check: none throws or hangs, and every refusal
/// says where its problem is, by field path or by line and column.
/// </summary>
public sealed class SpecFuzzTests
{
    private const int Seed = 20261215;
    private const int EachKind = 6000;

    [Fact]
    public async Task GeneratedAndMutatedSpecsAreCheckedWithoutAFaultAndEveryRefusalSaysWhere()
    {
        var outcome = await Task.Run(Run).WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(outcome.Problems.Count == 0, string.Join("\n\n", outcome.Problems.Take(5)));
        Assert.Equal(2 * EachKind, outcome.Checked);
        // The fuzz reaches both ends of the check: accepted specs and YAML that cannot be read.
        Assert.True(outcome.Accepted > 0, "no generated spec was accepted");
        Assert.True(outcome.UnreadableYaml > 0, "no mutated spec was unreadable YAML");
    }

    private static (int Checked, int Accepted, int UnreadableYaml, List<string> Problems) Run()
    {
        var fuzz = new SpecFuzz(Seed);
        var rules = SpecRuleData.WithInputs();
        var valid = new List<string>(SpecFuzz.Examples);
        var problems = new List<string>();
        var (count, accepted, unreadable) = (0, 0, 0);
        for (var i = 0; i < 2 * EachKind; i++)
        {
            var yaml = i < EachKind ? fuzz.Grammar() : Encoding.UTF8.GetString(fuzz.Mutated(valid));
            count++;
            (SweepSpec? Spec, IReadOnlyList<SpecError> Errors) result;
            try
            {
                result = SweepSpecParser.Parse(yaml, "fuzz", rules);
            }
            catch (Exception e)
            {
                problems.Add($"threw {e}\nfor:\n{yaml}");
                continue;
            }
            if (result.Spec is not null)
            {
                accepted++;
                if (i < EachKind) valid.Add(yaml);
                continue;
            }
            if (result.Errors.Any(e => e.Path.StartsWith("(line", StringComparison.Ordinal))) unreadable++;
            if (SpecFuzz.Unexplained(result.Errors.Select(e => e.ToString())) is { } why)
                problems.Add($"{why}\nfor:\n{yaml}");
        }
        return (count, accepted, unreadable, problems);
    }
}
