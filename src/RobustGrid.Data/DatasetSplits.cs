namespace RobustGrid.Data;

/// <summary>A dataset's train and test sets and where they were read from.</summary>
/// <param name="Name">Catalog name, e.g. <c>fashion-mnist</c>.</param>
/// <param name="Source">The file or folder the images came from.</param>
/// <param name="Format">The reader used: <c>idx</c>, <c>cifar-binary</c> or <c>image-folder</c>.</param>
public sealed record DatasetSplits(string Name, ImageSet Train, ImageSet Test, string Source, string Format);
