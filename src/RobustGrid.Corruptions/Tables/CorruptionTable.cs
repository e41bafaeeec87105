namespace RobustGrid.Corruptions.Tables;

/// <summary>
/// Every parameter one reference generator script uses, indexed by severity − 1, plus the image size it corrupts.
/// The three tables (<see cref="CifarTable"/>, <see cref="TinyImageNetTable"/>, <see cref="ImageNetTable"/>) differ
/// in algorithm details as well as constants (zoom steps, frost texture scale, plasma map size, glass blur reach), so
/// those details live here too rather than in the corruptions.
/// </summary>
public sealed record CorruptionTable
{
    /// <summary>The benchmark's name: cifar10-c, tinyimagenet-c or imagenet-c.</summary>
    public required string Name { get; init; }

    /// <summary>The side of the square RGB images the script corrupts.</summary>
    public required int ImageSize { get; init; }

    /// <summary>
    /// Whether smaller images (28×28 Fashion-MNIST) are padded into the table's size (<see cref="Core.ImageLayout"/>);
    /// only the CIFAR table does, the others take their own size only.
    /// </summary>
    public bool PadsSmallerImages { get; init; }

    /// <summary>The reference script these values come from (hendrycks/robustness, ImageNet-C/create_c).</summary>
    public required string Source { get; init; }

    public required double[] GaussianNoise { get; init; }
    public required double[] ShotNoise { get; init; }
    public required double[] ImpulseNoise { get; init; }
    public required double[] SpeckleNoise { get; init; }

    public required (double Radius, double AliasBlur)[] DefocusBlur { get; init; }
    public required (double Sigma, int MaxDelta, int Iterations)[] GlassBlur { get; init; }
    public required (int Radius, double Sigma)[] MotionBlur { get; init; }

    /// <summary>zoom_blur's np.arange(1, End, Step) per severity.</summary>
    public required (double End, double Step)[] ZoomBlur { get; init; }

    public required double[] GaussianBlur { get; init; }

    public required (double Loc, double Scale, double Zoom, double Threshold, int BlurRadius, double BlurSigma,
        double Blend)[] Snow
    { get; init; }

    public required (double Image, double Frost)[] Frost { get; init; }

    /// <summary>cv2.resize factor applied to the frost photographs before cropping (1: used at full size).</summary>
    public required double FrostScale { get; init; }

    public required (double Strength, double Decay)[] Fog { get; init; }

    /// <summary>plasma_fractal's mapsize: the smallest power of two at least the image size.</summary>
    public required int FogMapSize { get; init; }

    public required double[] Brightness { get; init; }
    public required double[] Contrast { get; init; }
    public required (double Alpha, double Sigma, double Affine)[] ElasticTransform { get; init; }
    public required double[] Pixelate { get; init; }
    public required int[] JpegQuality { get; init; }

    public required (double Loc, double Scale, double Sigma, double Threshold, double Intensity, bool Mud)[] Spatter
    {
        get;
        init;
    }

    public required (double Scale, double Shift)[] Saturate { get; init; }
}
