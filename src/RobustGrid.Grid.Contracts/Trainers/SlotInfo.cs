namespace RobustGrid.Grid.Contracts;

/// <summary>One trainer slot: a silo that advertised capacity, and the slot number on it.</summary>
/// <param name="Key">The trainer grain key: "{silo}/{slot}".</param>
[GenerateSerializer, Immutable]
public sealed record SlotInfo(string Key, string Silo, int Slot, string Device, string? CurrentTrial);
