using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RobustGrid.Grid.Contracts;

/// <summary>
/// A trial's id: <c>{sweep id}/{index}</c>, the index in at least five digits
/// (<c>my-sweep-20261202-101500-ab12/00007</c>). It is the experiment grain's key, names the trial's run folder in the
/// checkpoint store, and is what sweep status and leaderboards print. This is the only code that writes or reads that
/// text: ids travel as text (grain keys, <see cref="TrialSpec.TrialId"/>, <see cref="LeaderboardEntry.TrialId"/>) and
/// are parsed where they come in. Serializable all the same: <see cref="TrialSpec.Id"/> is in the JSON that Redis grain
/// storage writes of a trial, and reading it back needs the type allowed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialId
{
    private const string IndexFormat = "D5";

    public TrialId(string sweepId, int index)
    {
        if (!IsSweepId(sweepId))
            throw new ArgumentException(
                $"'{sweepId}' is not a sweep id: use letters, digits, '-', '_' or '.' (not first), " +
                $"at most {MaxSweepIdLength}",
                nameof(sweepId));
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        SweepId = sweepId;
        Index = index;
    }

    [Id(0)]
    public string SweepId { get; }

    /// <summary>The trial's position in its sweep's expansion.</summary>
    [Id(1)]
    public int Index { get; }

    /// <summary>The index as the id writes it, also the name of the trial's run folder.</summary>
    public string IndexText => Index.ToString(IndexFormat, CultureInfo.InvariantCulture);

    public override string ToString() => $"{SweepId}/{IndexText}";

    /// <summary>
    /// Reads an id as <see cref="ToString"/> writes it, and nothing else: <c>s/7</c> and <c>s/000007</c> are refused,
    /// so one trial has one id (grain keys and folders are compared as text).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TrialId? id)
    {
        id = null;
        var slash = text?.LastIndexOf('/') ?? -1;
        if (text is null || slash < 0) return false;
        var (sweep, index) = (text[..slash], text[(slash + 1)..]);
        if (!IsSweepId(sweep) || index.Length == 0 || !index.All(char.IsAsciiDigit)) return false;
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        id = new TrialId(sweep, n);
        if (id.IndexText == index) return true;
        id = null;
        return false;
    }

    public static TrialId Parse(string text) => TryParse(text, out var id) ? id
        : throw new FormatException(
            $"'{text}' is not a trial id ('<sweep id>/<index>', as sweep status and leaderboards print it)");

    /// <summary>Longest sweep id: a name of at most 64 characters, its time and suffix, and room to spare.</summary>
    public const int MaxSweepIdLength = 128;

    /// <summary>
    /// Letters, digits, '-', '_' and '.', as sweep names are (a sweep id is its name with a time and a random suffix),
    /// not starting with '.' (so neither '.' nor '..', nor a hidden folder: an id names a folder), and bounded.
    /// </summary>
    public static bool IsSweepId([NotNullWhen(true)] string? text) =>
        text is { Length: > 0 and <= MaxSweepIdLength } && text[0] != '.'
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
