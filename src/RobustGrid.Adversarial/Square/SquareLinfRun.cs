using RobustGrid.Adversarial.Classifiers;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Square;

/// <summary>One L-inf Square run (`attack_single_run`, norm 'Linf').</summary>
internal static class SquareLinfRun
{
    public static Tensor Run(SquareOptions options, ImageClassifier classifier, Tensor x, Tensor y, SquareRandom random)
    {
        using var scope = NewDisposeScope();
        var eps = options.Epsilon;
        var (channels, height, width) = ((int)x.shape[1], (int)x.shape[2], (int)x.shape[3]);
        // Vertical stripes: one sign per image, channel and column.
        var start = (x + eps * random.Signs(x.shape[0], channels, 1, width)).clamp(0.0, 1.0);
        var state = new SquareSearchState(start, SquareMargin.Of(classifier, start, y));
        if (state.Margin.lt(0).all().item<bool>()) return state.Best.MoveToOuterDisposeScope();

        for (var i = 0; i < options.Queries; i++)
        {
            using var iterationScope = NewDisposeScope();
            var active = state.Active();
            if (active.numel() == 0) break;
            var xActive = x.index_select(0, active);
            var bestActive = state.Best.index_select(0, active);

            var p = SquareSchedule.P(i, options.PInit, options.Queries, options.RescaleSchedule);
            var side = SquareSchedule.Side(p, height, width, minimum: 1, odd: false);
            var top = random.Integer(0, height - side);
            var left = random.Integer(0, width - side);
            var change = zeros(new long[] { channels, height, width }, device: x.device);
            change.narrow(1, top, side).narrow(2, left, side)
                .copy_((2 * eps * random.Signs(channels, 1, 1)).expand(channels, side, side));

            var proposal = minimum(maximum(bestActive + change, xActive - eps), xActive + eps).clamp(0.0, 1.0);
            var margin = SquareMargin.Of(classifier, proposal, y.index_select(0, active));
            state.Accept(active, proposal, margin);
            if (state.AllFooled()) break;
        }
        return state.Best.MoveToOuterDisposeScope();
    }
}
