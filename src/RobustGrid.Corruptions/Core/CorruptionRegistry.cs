using RobustGrid.Corruptions.Blur;
using RobustGrid.Corruptions.Digital;
using RobustGrid.Corruptions.Noise;
using RobustGrid.Corruptions.Weather;

namespace RobustGrid.Corruptions.Core;

/// <summary>The 19 CIFAR-10-C corruptions by name, in the reference's order: the 15 benchmark ones, then the 4
/// extras.</summary>
public sealed class CorruptionRegistry
{
    private readonly Dictionary<string, ICorruption> _byName;

    public CorruptionRegistry(IEnumerable<ICorruption> corruptions)
    {
        All = corruptions.ToArray();
        _byName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>All 19, with frost textures from <paramref name="frostFolder"/> or the data search path.</summary>
    public static CorruptionRegistry Default(string? frostFolder = null) => new(
    [
        new GaussianNoise(), new ShotNoise(), new ImpulseNoise(),
        new DefocusBlur(), new GlassBlur(), new MotionBlurCorruption(), new ZoomBlur(),
        new Snow(), new Frost(frostFolder), new Fog(), new Brightness(),
        new Contrast(), new ElasticTransform(), new Pixelate(), new JpegCompression(),
        new SpeckleNoise(), new GaussianBlur(), new Spatter(), new Saturate(),
    ]);

    public IReadOnlyList<ICorruption> All { get; }
    public IEnumerable<ICorruption> Benchmark => All.Where(c => c.IsBenchmark);
    public IEnumerable<ICorruption> Extras => All.Where(c => !c.IsBenchmark);
    public IEnumerable<string> Names => All.Select(c => c.Name);

    public ICorruption Get(string name) =>
        _byName.TryGetValue(name, out var corruption)
            ? corruption
            : throw new ArgumentException(
                $"unknown corruption '{name}'; known: {string.Join(", ", All.Select(c => c.Name))}", nameof(name));
}
