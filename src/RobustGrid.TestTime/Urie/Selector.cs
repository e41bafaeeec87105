using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.TestTime.Urie;

/// <summary>
/// URIE's selector: pools the summed branch outputs to a 4×4 grid, and predicts for every channel and grid cell a
/// softmax over the two branches (batch-norm and instance-norm), upsampled (nearest) to the feature size.
/// </summary>
internal sealed class Selector : nn.Module<Tensor, (Tensor First, Tensor Second)>
{
    private const int Grid = 4;
    private readonly Linear _squeeze;
    private readonly Linear _first;
    private readonly Linear _second;

    public Selector(int channels, int reduction) : base(nameof(Selector))
    {
        var features = channels * Grid * Grid;
        _squeeze = nn.Linear(features, features / reduction, hasBias: false);
        _first = nn.Linear(features / reduction, features);
        _second = nn.Linear(features / reduction, features);
        register_module("fc", _squeeze);
        register_module("att_conv1", _first);
        register_module("att_conv2", _second);
    }

    public override (Tensor First, Tensor Second) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var pooled = nn.functional.adaptive_avg_pool2d(x, [Grid, Grid]).reshape(b, -1);
        var hidden = nn.functional.relu(_squeeze.call(pooled));
        var attention = stack([_first.call(hidden).view(b, c, Grid, Grid), _second.call(hidden).view(b, c, Grid, Grid)])
            .softmax(0);
        var first = nn.functional.interpolate(attention[0], [h, w], mode: InterpolationMode.Nearest);
        var second = nn.functional.interpolate(attention[1], [h, w], mode: InterpolationMode.Nearest);
        return (first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope());
    }
}
