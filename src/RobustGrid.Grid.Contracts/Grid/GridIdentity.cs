namespace RobustGrid.Grid.Contracts;

/// <summary>Which grid a silo belongs to: what a client checks before trusting an answer, and names to users.</summary>
/// <param name="Home">The answering silo's data folder (full path); empty for a silo without one.</param>
/// <param name="HomeId">The id written in that folder when a silo first used it: one folder, one id, any path.</param>
/// <param name="Store">Where the grid keeps its state, e.g. "files in /data/state" or "Redis 10.0.0.5:6379".</param>
/// <param name="Silo">The answering silo's address.</param>
[GenerateSerializer, Immutable]
public sealed record GridIdentity(
    string ClusterId,
    string ServiceId,
    string Home,
    string HomeId,
    string Store,
    string Silo);
