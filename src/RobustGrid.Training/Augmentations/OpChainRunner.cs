using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Augmentations;

/// <summary>
/// Runs chains of uniformly chosen ops over a batch of images, each image with its own chain length. At every
/// depth each image draws an op; the images that drew the same op are gathered and transformed together, so
/// the work is one batched call per op and depth, never a loop over images.
/// </summary>
public sealed class OpChainRunner(IReadOnlyList<IImageOp> ops)
{
    public IReadOnlyList<IImageOp> Ops { get; } = ops;

    /// <param name="pixels">float32 M×C×H×W, values 0..255.</param>
    /// <param name="opCounts">int64 [M]: how many ops image i receives (0 leaves it unchanged).</param>
    /// <param name="maxOps">An upper bound of <paramref name="opCounts"/>.</param>
    public Tensor Run(Tensor pixels, Tensor opCounts, int maxOps, OpDraw draw)
    {
        using var scope = NewDisposeScope();
        var count = pixels.shape[0];
        var x = pixels;
        for (var depth = 0; depth < maxOps; depth++)
        {
            var choice = RandomDraws.Integers(count, 0, Ops.Count, draw.Generator, pixels.device);
            var active = opCounts.gt(depth);
            for (var k = 0; k < Ops.Count; k++)
            {
                var selected = active.logical_and(choice.eq(k)).nonzero().reshape(-1);
                if (selected.shape[0] == 0) continue;
                var transformed = Ops[k].Apply(x.index_select(0, selected), draw);
                x = x.index_copy(0, selected, transformed);
            }
        }
        return x.MoveToOuterDisposeScope();
    }
}
