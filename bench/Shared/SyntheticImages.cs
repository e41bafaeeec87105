using RobustGrid.Data;

namespace RobustGrid.Bench.Shared;

/// <summary>
/// Uniformly random pixels and labels of a dataset's shape, from a seed: for benchmarks on a machine without the
/// datasets (a GPU machine), where what the pixels show does not change the cost being measured.
/// </summary>
internal static class SyntheticImages
{
    public static ImageSet Random(int count, int height, int width, int channels, int classes, int seed = 1)
    {
        var random = new Random(seed);
        var pixels = new byte[(long)count * height * width * channels];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(_ => random.Next(classes)).ToArray();
        return new ImageSet(pixels, labels, height, width, channels,
            Enumerable.Range(0, classes).Select(i => $"class {i}").ToArray());
    }
}
