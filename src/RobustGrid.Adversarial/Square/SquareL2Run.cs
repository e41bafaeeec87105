using RobustGrid.Adversarial.Classifiers;
using RobustGrid.Adversarial.Norms;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Square;

/// <summary>One L2 Square run (`attack_single_run`, norm 'L2').</summary>
internal static class SquareL2Run
{
    public static Tensor Run(SquareOptions options, ImageClassifier classifier, Tensor x, Tensor y, SquareRandom random)
    {
        using var scope = NewDisposeScope();
        var eps = options.Epsilon;
        var count = x.shape[0];
        var (channels, height, width) = ((int)x.shape[1], (int)x.shape[2], (int)x.shape[3]);

        var start = (x + Perturbations.Normalize(InitialGrid(x, random), LpNorm.L2) * eps).clamp(0.0, 1.0);
        var state = new SquareSearchState(start, SquareMargin.Of(classifier, start, y));
        if (state.Margin.lt(0).all().item<bool>()) return state.Best.MoveToOuterDisposeScope();

        for (var i = 0; i < options.Queries; i++)
        {
            using var iterationScope = NewDisposeScope();
            var active = state.Active();
            if (active.numel() == 0) break;
            var xActive = x.index_select(0, active);
            var bestActive = state.Best.index_select(0, active);
            var activeCount = active.shape[0];
            var delta = bestActive - xActive;

            var p = SquareSchedule.P(i, options.PInit, options.Queries, options.RescaleSchedule);
            var side = SquareSchedule.Side(p, height, width, minimum: 3, odd: true);
            var top = random.Integer(0, height - side);
            var left = random.Integer(0, width - side);
            var top2 = random.Integer(0, height - side);
            var left2 = random.Integer(0, width - side);

            var window = Window(delta, top, left, side);
            var window2 = Window(delta, top2, left2, side);
            var windowNorm = window.square().sum([-2, -1], keepdim: true).sqrt();
            var imageNorm = Perturbations.NormKeepDims(delta, LpNorm.L2);
            var bothWindows = zeros_like(delta);
            Window(bothWindows, top, left, side).fill_(1.0);
            Window(bothWindows, top2, left2, side).fill_(1.0);
            var bothWindowsNorm = (delta * bothWindows).square().sum([-2, -1], keepdim: true).sqrt();

            // The new window: a signed rectangle pattern plus the old content, rescaled to carry the mass of both
            // windows plus whatever the image still has left below epsilon.
            var eta = tensor(SquareL2Window.Eta(side, random.Coin()), device: x.device).view(1, 1, side, side);
            var update = eta * random.Signs(activeCount, channels, 1, 1) + window / (1e-12 + windowNorm);
            var budget = ((eps * eps - imageNorm.square()).clamp_min(0) / channels + bothWindowsNorm.square()).sqrt();
            update = update / (1e-12 + update.square().sum([-2, -1], keepdim: true).sqrt()) * budget;

            var proposalDelta = delta.clone();
            Window(proposalDelta, top2, left2, side).fill_(0.0);
            Window(proposalDelta, top, left, side).copy_(update);
            var proposal = (xActive + Perturbations.Normalize(proposalDelta, LpNorm.L2) * eps).clamp(0.0, 1.0);
            var margin = SquareMargin.Of(classifier, proposal, y.index_select(0, active));
            state.Accept(active, proposal, margin);
            if (state.AllFooled()) break;
        }
        return state.Best.MoveToOuterDisposeScope();
    }

    /// <summary>A grid of 5 x 5 windows of side H/5, each a signed rectangle pattern per image and channel.</summary>
    private static Tensor InitialGrid(Tensor x, SquareRandom random)
    {
        var (height, width) = ((int)x.shape[2], (int)x.shape[3]);
        var grid = zeros_like(x);
        var side = height / 5;
        var offset = (height - side * 5) / 2;
        var top = offset;
        for (var row = 0; row < height / side; row++)
        {
            var left = offset;
            for (var column = 0; column < width / side; column++)
            {
                var eta = tensor(SquareL2Window.Eta(side, random.Coin()), device: x.device).view(1, 1, side, side);
                var signs = random.Signs(x.shape[0], x.shape[1], 1, 1);
                var target = Window(grid, top, left, side, clip: true);
                target.add_((eta * signs).narrow(2, 0, target.shape[2]).narrow(3, 0, target.shape[3]));
                left += side;
            }
            top += side;
        }
        return grid;
    }

    /// <summary>A view of the side x side window at (top, left); with clip, cut at the image border as Python
    /// slicing does.</summary>
    private static Tensor Window(Tensor images, int top, int left, int side, bool clip = false)
    {
        var rows = clip ? Math.Min(side, (int)images.shape[2] - top) : side;
        var columns = clip ? Math.Min(side, (int)images.shape[3] - left) : side;
        return images.narrow(2, top, rows).narrow(3, left, columns);
    }
}
