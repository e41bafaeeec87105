using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Urie;

/// <summary>
/// URIE's SK-UNet enhancer: a 9×9 conv 3→32, two selective down blocks (max-pool, 32→64→64), two selective up
/// blocks (bilinear ×2, concatenated skip: 128→32, 64→16), a 3×3 conv 16→3, and a residual output x + r.
/// Works at 28×28 (28/14/7) and 32×32 (32/16/8).
/// </summary>
internal sealed class SkUNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _down1;
    private readonly SelectiveConv _down2;
    private readonly SelectiveConv _down3;
    private readonly SelectiveConv _up1;
    private readonly SelectiveConv _up2;
    private readonly Conv2d _up3;

    public SkUNet() : base(nameof(SkUNet))
    {
        _down1 = BiasedConv.Create(3, 32, 9, padding: 4);
        _down2 = new SelectiveConv(32, 64);
        _down3 = new SelectiveConv(64, 64);
        _up1 = new SelectiveConv(128, 32);
        _up2 = new SelectiveConv(64, 16);
        _up3 = BiasedConv.Create(16, 3, 3, padding: 1);
        register_module("down1", _down1);
        register_module("down2", _down2);
        register_module("down3", _down3);
        register_module("up1", _up1);
        register_module("up2", _up2);
        register_module("up3", _up3);
    }

    /// <summary>The enhanced image x + r.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return x.add(Residual(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The residual r alone (URIE's second output).</summary>
    public Tensor Residual(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x1 = _down1.call(x);
        var x2 = _down2.call(nn.functional.max_pool2d(x1, 2));
        var x3 = _down3.call(nn.functional.max_pool2d(x2, 2));
        var y = _up1.call(cat([x2, Upsample(x3, x2)], 1));
        y = _up2.call(cat([x1, Upsample(y, x1)], 1));
        return _up3.call(y).MoveToOuterDisposeScope();
    }

    private static Tensor Upsample(Tensor x, Tensor like) =>
        nn.functional.interpolate(x, [like.shape[2], like.shape[3]], mode: InterpolationMode.Bilinear,
            align_corners: true);
}
