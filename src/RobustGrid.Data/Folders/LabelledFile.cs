namespace RobustGrid.Data.Folders;

/// <summary>One image file of a folder dataset and its class index.</summary>
public sealed record LabelledFile(string Path, int Label);
