namespace RobustGrid.Corruptions.Core;

/// <summary>Severities run 1..5 as in CIFAR-10-C; parameter tables are indexed by severity − 1.</summary>
public static class Severity
{
    public const int Min = 1;
    public const int Max = 5;
    public static readonly IReadOnlyList<int> All = [1, 2, 3, 4, 5];

    public static void Check(int severity, string corruption)
    {
        if (severity is < Min or > Max)
            throw new ArgumentOutOfRangeException(nameof(severity), severity,
                $"severity {severity} of '{corruption}' is out of range; severities are {Min} to {Max}");
    }

    public static T Pick<T>(IReadOnlyList<T> table, int severity) => table[severity - 1];
}
