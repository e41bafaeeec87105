using RobustGrid.Catalog;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Perturbations;

/// <summary>
/// The image tilted about both its horizontal and vertical axes by −11.25° to 11.25°, 0.75° a frame, through a pinhole
/// camera at distance √(w² + h²) (<c>cv2.warpPerspective</c>, bilinear, black outside).
/// </summary>
public sealed class TiltSequence : IPerturbation
{
    public string Name => PerturbationNames.Tilt;
    public int Frames => 31;
    public bool IsNoise => false;
    public bool IsRandom => false;

    public Tensor Sequence(Tensor images, Generator generator) => Perturbations.Frames.Generate(Frames, i =>
        PerspectiveWarp.Apply(images, Homography((int)images.shape[3], (int)images.shape[2], 0.75 * (i - 15))));

    /// <summary>P2·T·Rx(θ)·Ry(φ)·P1 with θ = φ = <paramref name="degrees"/>: image plane → 3-D → rotated → moved
    /// away by f → projected back.</summary>
    public static double[,] Homography(int w, int h, double degrees)
    {
        var angle = degrees * Math.PI / 180;
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        var f = Math.Sqrt(w * w + h * h);
        double[,] p1 = { { 1, 0, -w / 2.0 }, { 0, 1, -h / 2.0 }, { 0, 0, 1 }, { 0, 0, 1 } };
        double[,] rx = { { 1, 0, 0, 0 }, { 0, c, -s, 0 }, { 0, s, c, 0 }, { 0, 0, 0, 1 } };
        double[,] ry = { { c, 0, -s, 0 }, { 0, 1, 0, 0 }, { s, 0, c, 0 }, { 0, 0, 0, 1 } };
        double[,] t = { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, f }, { 0, 0, 0, 1 } };
        double[,] p2 = { { f, 0, w / 2.0, 0 }, { 0, f, h / 2.0, 0 }, { 0, 0, 1, 0 } };
        return Multiply(p2, Multiply(t, Multiply(rx, Multiply(ry, p1))));
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var product = new double[a.GetLength(0), b.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < b.GetLength(1); j++)
                for (var k = 0; k < a.GetLength(1); k++)
                    product[i, j] += a[i, k] * b[k, j];
        return product;
    }
}
