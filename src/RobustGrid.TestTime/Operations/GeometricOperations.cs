using static TorchSharp.torch;

namespace RobustGrid.TestTime.Operations;

/// <summary>
/// Rotation and isotropic scaling about the centre ((W − 1)/2, (H − 1)/2) as kornia v0.5.0's rotate and scale compute
/// them: bilinear, zero padding, align_corners = true (their default). Both are affine grids, so they are
/// differentiable in the image and in the angle or factor, and both run in one grid_sample.
/// </summary>
internal static class GeometricOperations
{
    /// <summary>
    /// Returns (rotated, scaled) for images [B, C, H, W], angles in degrees [B] (positive: counter-clockwise on
    /// screen) and scale factors [B] (above 1 zooms in).
    /// </summary>
    public static (Tensor Rotated, Tensor Scaled) RotateAndScale(Tensor images, Tensor angleDegrees, Tensor scale)
    {
        using var scope = NewDisposeScope();
        var radians = angleDegrees.mul(Math.PI / 180.0);
        var (cos, sin) = (radians.cos(), radians.sin());
        var zero = zeros_like(cos);
        // affine_grid maps output coordinates to input coordinates: the inverse of the visual transform. Kornia rotates
        // in pixels, and with align_corners the normalised axes are scaled by 2/(W − 1) and 2/(H − 1), which stretches
        // the off-diagonal terms of a non-square image by the aspect ratio.
        var aspect = (images.shape[2] - 1.0) / Math.Max(1.0, images.shape[3] - 1.0);
        var rotation = stack([stack([cos, sin.neg().mul(aspect), zero], 1), stack([sin.div(aspect), cos, zero], 1)], 1);
        var inverseScale = scale.reciprocal();
        var scaling = stack([stack([inverseScale, zero, zero], 1), stack([zero, inverseScale, zero], 1)], 1);
        var theta = cat([rotation, scaling], 0);
        var both = cat([images, images], 0);
        var grid = nn.functional.affine_grid(theta, both.shape, align_corners: true);
        var warped = nn.functional.grid_sample(both, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros,
            align_corners: true);
        var batch = images.shape[0];
        return (warped.narrow(0, 0, batch).MoveToOuterDisposeScope(),
            warped.narrow(0, batch, batch).MoveToOuterDisposeScope());
    }
}
