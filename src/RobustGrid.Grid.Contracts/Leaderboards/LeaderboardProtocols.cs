namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Whether an entry's training saw the corruptions it is scored on. Rows of different protocols are never grouped as
/// one configuration, and a query can keep one protocol only.
/// </summary>
public static class LeaderboardProtocols
{
    /// <summary>Training never saw the scored corruptions: every method's ordinary protocol, and any entry stored
    /// before entries carried a protocol.</summary>
    public const string Blind = "blind";

    /// <summary>
    /// Training saw the scored corruption types (other random draws), as DynTTA's non-blind setting does.
    /// </summary>
    public const string NonBlind = "non-blind";
}
