namespace RobustGrid.Corruptions.Tables;

/// <summary>make_tinyimagenet_c.py: Tiny-ImageNet-C, 64×64.</summary>
public static class TinyImageNetTable
{
    private const double ImSize = 64;

    public static CorruptionTable Table { get; } = new()
    {
        Name = "tinyimagenet-c",
        ImageSize = 64,
        Source = "make_tinyimagenet_c.py",
        GaussianNoise = [0.04, 0.08, 0.12, 0.15, 0.18],
        ShotNoise = [250, 100, 50, 30, 15],
        ImpulseNoise = [0.01, 0.02, 0.05, 0.08, 0.14],
        SpeckleNoise = [0.15, 0.2, 0.25, 0.3, 0.35],
        DefocusBlur = [(0.5, 0.6), (1, 0.1), (1.5, 0.1), (2.5, 0.01), (3, 0.1)],
        GlassBlur = [(0.1, 1, 1), (0.5, 1, 1), (0.6, 1, 2), (0.7, 2, 1), (0.9, 2, 2)],
        MotionBlur = [(10, 1), (10, 1.5), (10, 2), (10, 2.5), (12, 3)],
        ZoomBlur = [(1.06, 0.01), (1.11, 0.01), (1.16, 0.01), (1.21, 0.01), (1.26, 0.01)],
        GaussianBlur = [0.5, 0.75, 1, 1.25, 1.5],
        Snow =
        [
            (0.1, 0.2, 1, 0.6, 8, 3, 0.8),
            (0.1, 0.2, 1, 0.5, 10, 4, 0.8),
            (0.15, 0.3, 1.75, 0.55, 10, 4, 0.7),
            (0.25, 0.3, 2.25, 0.6, 12, 6, 0.65),
            (0.3, 0.3, 1.25, 0.65, 14, 12, 0.6),
        ],
        Frost = [(1, 0.3), (0.9, 0.4), (0.8, 0.45), (0.75, 0.5), (0.7, 0.55)],
        FrostScale = 0.3,
        Fog = [(0.4, 3), (0.7, 3), (1, 2.5), (1.5, 2), (2, 1.75)],
        FogMapSize = 64,
        Brightness = [0.1, 0.2, 0.3, 0.4, 0.5],
        Contrast = [0.4, 0.3, 0.2, 0.1, 0.05],
        ElasticTransform =
        [
            (ImSize * 0, ImSize * 0, ImSize * 0.08),
            (ImSize * 0.05, ImSize * 0.3, ImSize * 0.06),
            (ImSize * 0.1, ImSize * 0.08, ImSize * 0.06),
            (ImSize * 0.1, ImSize * 0.03, ImSize * 0.03),
            (ImSize * 0.16, ImSize * 0.03, ImSize * 0.02),
        ],
        Pixelate = [0.9, 0.8, 0.7, 0.6, 0.5],
        JpegQuality = [65, 58, 50, 40, 25],
        Spatter =
        [
            (0.62, 0.1, 0.7, 0.7, 0.6, false),
            (0.65, 0.1, 0.8, 0.7, 0.6, false),
            (0.65, 0.3, 1, 0.69, 0.6, false),
            (0.65, 0.1, 0.7, 0.68, 0.6, true),
            (0.65, 0.1, 0.5, 0.67, 0.6, true),
        ],
        Saturate = [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (30, 0.2)],
    };
}
