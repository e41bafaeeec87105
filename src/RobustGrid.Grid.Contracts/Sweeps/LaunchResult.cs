namespace RobustGrid.Grid.Contracts;

/// <summary>Answer to a launch: the sweep id, or every validation error (path: message). Nothing starts on
/// error.</summary>
/// <param name="Resumed">True when an unfinished sweep with the same spec already existed and was resumed.</param>
[GenerateSerializer, Immutable]
public sealed record LaunchResult(string? SweepId, string[] Errors, bool Resumed)
{
    public bool Ok => SweepId is not null && Errors.Length == 0;
}
