namespace RobustGrid.Corruptions.Tables;

/// <summary>make_imagenet_c.py: ImageNet-C, 224×224 (validation images resized to 256 and centre-cropped).</summary>
public static class ImageNetTable
{
    /// <summary>The script scales elastic_transform by 244, not 224; its comment calls that harmless. Kept.</summary>
    private const double ElasticScale = 244;

    public static CorruptionTable Table { get; } = new()
    {
        Name = "imagenet-c",
        ImageSize = 224,
        Source = "make_imagenet_c.py",
        GaussianNoise = [0.08, 0.12, 0.18, 0.26, 0.38],
        ShotNoise = [60, 25, 12, 5, 3],
        ImpulseNoise = [0.03, 0.06, 0.09, 0.17, 0.27],
        SpeckleNoise = [0.15, 0.2, 0.35, 0.45, 0.6],
        DefocusBlur = [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5)],
        GlassBlur = [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)],
        MotionBlur = [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)],
        ZoomBlur = [(1.11, 0.01), (1.16, 0.01), (1.21, 0.02), (1.26, 0.02), (1.31, 0.03)],
        GaussianBlur = [1, 2, 3, 4, 6],
        Snow =
        [
            (0.1, 0.3, 3, 0.5, 10, 4, 0.8),
            (0.2, 0.3, 2, 0.5, 12, 4, 0.7),
            (0.55, 0.3, 4, 0.9, 12, 8, 0.7),
            (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65),
            (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55),
        ],
        Frost = [(1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7), (0.6, 0.75)],
        FrostScale = 1,
        Fog = [(1.5, 2), (2, 2), (2.5, 1.7), (2.5, 1.5), (3, 1.4)],
        FogMapSize = 256,
        Brightness = [0.1, 0.2, 0.3, 0.4, 0.5],
        Contrast = [0.4, 0.3, 0.2, 0.1, 0.05],
        ElasticTransform =
        [
            (ElasticScale * 2, ElasticScale * 0.7, ElasticScale * 0.1),
            (ElasticScale * 2, ElasticScale * 0.08, ElasticScale * 0.2),
            (ElasticScale * 0.05, ElasticScale * 0.01, ElasticScale * 0.02),
            (ElasticScale * 0.07, ElasticScale * 0.01, ElasticScale * 0.02),
            (ElasticScale * 0.12, ElasticScale * 0.01, ElasticScale * 0.02),
        ],
        Pixelate = [0.6, 0.5, 0.4, 0.3, 0.25],
        JpegQuality = [25, 18, 15, 10, 7],
        Spatter =
        [
            (0.65, 0.3, 4, 0.69, 0.6, false),
            (0.65, 0.3, 3, 0.68, 0.6, false),
            (0.65, 0.3, 2, 0.68, 0.5, false),
            (0.65, 0.3, 1, 0.65, 1.5, true),
            (0.67, 0.4, 1, 0.65, 1.5, true),
        ],
        Saturate = [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2)],
    };
}
