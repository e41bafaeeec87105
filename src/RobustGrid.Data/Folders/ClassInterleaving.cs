namespace RobustGrid.Data.Folders;

/// <summary>
/// The image order of every folder dataset: the first image of every class (by name), then the second of every class,
/// and so on. Every read gives the same order, and the first N images, which is what a train or test limit takes, hold
/// the classes as evenly as N allows (in class-then-name order, the first few thousand CIFAR-10 images are all
/// airplanes).
/// </summary>
public static class ClassInterleaving
{
    /// <summary>Names the order, for the dataset cache's key.</summary>
    public const string Layout = "interleaved-by-class";

    public static List<T> Order<T>(IEnumerable<T> items, Func<T, int> classOf, Func<T, string> nameOf) =>
        items.GroupBy(classOf)
            .SelectMany(g => g.OrderBy(nameOf, StringComparer.Ordinal).Select((item, rank) => (Item: item, Rank: rank)))
            .OrderBy(r => r.Rank).ThenBy(r => classOf(r.Item))
            .Select(r => r.Item).ToList();
}
