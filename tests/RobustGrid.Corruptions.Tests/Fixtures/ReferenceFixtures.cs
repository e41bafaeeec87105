using System.Text.Json;
using RobustGrid.Data.Formats;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Tests.Fixtures;

/// <summary>The committed reference outputs (see Fixtures/README.md for how they were made).</summary>
internal static class ReferenceFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The first 200 CIFAR-10 test images in RobustGrid's reader order, uint8 [200, 32, 32, 3].</summary>
    public static NpyArray Input() => NpyFile.ReadUInt8(Path.Combine(Folder, "input.npy.gz"), -1, 32, 32, 3);

    public static Tensor InputTensor(int count)
    {
        var input = Input();
        using var all = tensor(input.Data, input.Shape);
        return all.narrow(0, 0, count).clone();
    }

    /// <summary>Reference output of a deterministic corruption, uint8 [5 severities, N, 32, 32, 3].</summary>
    public static NpyArray Reference(string name) =>
        NpyFile.ReadUInt8(Path.Combine(Folder, $"reference_{name}.npy.gz"), 5, -1, 32, 32, 3);

    public static double[] MotionBlurAngles() =>
        NpyFile.Read(Path.Combine(Folder, "motion_blur_angles.npy")).ToFloat64();

    public static JsonElement RandomStats(string name, int severity)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference_random_stats.json")));
        return doc.RootElement.GetProperty("stats").GetProperty(name)[severity - 1].Clone();
    }

    public static int RandomStatsImages()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference_random_stats.json")));
        return doc.RootElement.GetProperty("images").GetInt32();
    }
}
