using RobustGrid.Corruptions.Blur;
using RobustGrid.Corruptions.Digital;
using RobustGrid.Corruptions.Noise;
using RobustGrid.Corruptions.Tables;
using RobustGrid.Corruptions.Weather;

namespace RobustGrid.Corruptions.Core;

/// <summary>The 19 corruptions of one parameter table by name, in the reference's order: the 15 benchmark ones, then
/// the 4 extras.</summary>
public sealed class CorruptionRegistry
{
    private readonly Dictionary<string, ICorruption> _byName;

    public CorruptionRegistry(IEnumerable<ICorruption> corruptions, CorruptionTable? table = null)
    {
        All = corruptions.ToArray();
        Table = table ?? CifarTable.Table;
        _byName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>All 19 with CIFAR's parameters, frost textures from <paramref name="frostFolder"/> or the data search
    /// path.</summary>
    public static CorruptionRegistry Default(string? frostFolder = null) => For(CifarTable.Table, frostFolder);

    /// <summary>All 19 with <paramref name="table"/>'s parameters.</summary>
    public static CorruptionRegistry For(CorruptionTable table, string? frostFolder = null) => new(
    [
        new GaussianNoise(table), new ShotNoise(table), new ImpulseNoise(table),
        new DefocusBlur(table), new GlassBlur(table), new MotionBlurCorruption(table), new ZoomBlur(table),
        new Snow(table), new Frost(table, frostFolder), new Fog(table), new Brightness(table),
        new Contrast(table), new ElasticTransform(table), new Pixelate(table), new JpegCompression(table),
        new SpeckleNoise(table), new GaussianBlur(table), new Spatter(table), new Saturate(table),
    ], table);

    /// <summary>The parameter table the corruptions were built with; the engine's image size.</summary>
    public CorruptionTable Table { get; }

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
