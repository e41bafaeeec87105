namespace RobustGrid.Corruptions.Tables;

/// <summary>make_cifar_c.py: CIFAR-10-C and CIFAR-100-C, 32×32.</summary>
public static class CifarTable
{
    private const double ImSize = 32;

    public static CorruptionTable Table { get; } = new()
    {
        Name = "cifar10-c",
        ImageSize = 32,
        PadsSmallerImages = true,
        Source = "make_cifar_c.py",
        GaussianNoise = [0.04, 0.06, 0.08, 0.09, 0.10],
        ShotNoise = [500, 250, 100, 75, 50],
        ImpulseNoise = [0.01, 0.02, 0.03, 0.05, 0.07],
        SpeckleNoise = [0.06, 0.1, 0.12, 0.16, 0.2],
        DefocusBlur = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)],
        GlassBlur = [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)],
        MotionBlur = [(6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5)],
        ZoomBlur = [(1.06, 0.01), (1.11, 0.01), (1.16, 0.01), (1.21, 0.01), (1.26, 0.01)],
        GaussianBlur = [0.4, 0.6, 0.7, 0.8, 1.0],
        Snow =
        [
            (0.1, 0.2, 1, 0.6, 8, 3, 0.95),
            (0.1, 0.2, 1, 0.5, 10, 4, 0.9),
            (0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
            (0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
            (0.3, 0.3, 1.25, 0.65, 14, 12, 0.8),
        ],
        Frost = [(1, 0.2), (1, 0.3), (0.9, 0.4), (0.85, 0.4), (0.75, 0.45)],
        FrostScale = 0.2,
        Fog = [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)],
        FogMapSize = 32,
        Brightness = [0.05, 0.1, 0.15, 0.2, 0.3],
        Contrast = [0.75, 0.5, 0.4, 0.3, 0.15],
        ElasticTransform =
        [
            (ImSize * 0.0, ImSize * 0.0, ImSize * 0.08),
            (ImSize * 0.05, ImSize * 0.2, ImSize * 0.07),
            (ImSize * 0.08, ImSize * 0.06, ImSize * 0.06),
            (ImSize * 0.1, ImSize * 0.04, ImSize * 0.05),
            (ImSize * 0.1, ImSize * 0.03, ImSize * 0.03),
        ],
        Pixelate = [0.95, 0.9, 0.85, 0.75, 0.65],
        JpegQuality = [80, 65, 58, 50, 40],
        Spatter =
        [
            (0.62, 0.1, 0.7, 0.7, 0.5, false),
            (0.65, 0.1, 0.8, 0.7, 0.5, false),
            (0.65, 0.3, 1, 0.69, 0.5, false),
            (0.65, 0.1, 0.7, 0.69, 0.6, true),
            (0.65, 0.1, 0.5, 0.68, 0.6, true),
        ],
        Saturate = [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)],
    };
}
