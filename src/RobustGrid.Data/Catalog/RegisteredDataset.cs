namespace RobustGrid.Data.Catalog;

/// <summary>An image folder registered under a name.</summary>
/// <param name="ImageSize">The size its images are used at; null: from its first image
/// (<see cref="Preprocessing.ImagePreprocessing.DefaultSize"/>).</param>
public sealed record RegisteredDataset(string Name, string Path, int? ImageSize);
