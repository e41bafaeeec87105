using System.Diagnostics.CodeAnalysis;

namespace RobustGrid.Grid.Grains.Specs;

/// <summary>
/// A parameter value that names an earlier trial's result instead of a path: <c>trial:&lt;trial id&gt;</c>, or
/// <c>trial:&lt;sweep name&gt;/best</c> for the best trial of the latest completed sweep of that name (resolved into
/// a trial id when the sweep that uses it is launched, see <see cref="BestTrialReferences"/>).
/// Exactly one of <see cref="Trial"/> and <see cref="BestOfSweep"/> is set.
/// </summary>
public sealed record TrialReference
{
    public const string Prefix = "trial:";
    private const string BestSuffix = "/best";

    /// <summary>How to write one, for error messages.</summary>
    public const string Usage =
        "use trial:<sweep id>/<index> (e.g. trial:my-sweep-20261202-101500-ab12/00000) or trial:<sweep name>/best";

    private TrialReference(TrialId? trial, string? bestOfSweep) => (Trial, BestOfSweep) = (trial, bestOfSweep);

    public TrialId? Trial { get; }

    /// <summary>The sweep name of a <c>/best</c> reference.</summary>
    public string? BestOfSweep { get; }

    public static TrialReference To(TrialId trial) => new(trial, null);

    /// <summary>Whether a value is meant as a reference (it may still be malformed: see
    /// <see cref="TryParse"/>).</summary>
    public static bool LooksLikeReference(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string value, [NotNullWhen(true)] out TrialReference? reference)
    {
        reference = null;
        if (!LooksLikeReference(value)) return false;
        var target = value[Prefix.Length..];
        if (target.EndsWith(BestSuffix, StringComparison.Ordinal))
        {
            // A sweep name has the characters of a sweep id (an id is a name with a suffix).
            var name = target[..^BestSuffix.Length];
            if (TrialId.IsSweepId(name)) reference = new TrialReference(null, name);
        }
        else if (TrialId.TryParse(target, out var trial))
        {
            reference = new TrialReference(trial, null);
        }
        return reference is not null;
    }

    public override string ToString() => Prefix + (Trial?.ToString() ?? BestOfSweep + BestSuffix);
}
