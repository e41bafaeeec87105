using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Fab;

/// <summary>
/// FAB's inner problem, batched over rows: for a point t, the hyperplane w·z = b and the box [0, 1], the smallest
/// perturbation d (in L-inf or L2) with w·(t + d) = b and t + d in the box, or the box-feasible point closest to the
/// hyperplane when none reaches it. A translation of `fab_projections.py`: both solve the problem by sorting the
/// coordinates by where they hit the box and binary-searching the breakpoint of the piecewise-linear dual; here
/// every branch is computed for every row and the rows pick theirs with masks, instead of indexing row subsets.
/// </summary>
internal static class HyperplaneProjection
{
    public static Tensor Linf(Tensor points, Tensor w, Tensor b)
    {
        using var scope = NewDisposeScope();
        var t = points;
        var features = w.shape[1];
        var sign = ((w * t).sum(1) - b).ge(0).to_type(ScalarType.Float32) * 2 - 1;
        w = w * sign.unsqueeze(1);
        b = b * sign;

        var a = w.lt(0).to_type(ScalarType.Float32);
        var nonZero = w.ne(0).to_type(ScalarType.Float32);
        var d = (a - t) * nonZero;
        var p = a - t * (2 * a - 1);
        var order = p.argsort(1);

        b = b - (w * t).sum(1);
        var b0 = (w * d).sum(1);

        var descending = order.flip(1);
        var ws = w.gather(1, descending);
        var bs2 = -ws * d.gather(1, descending);
        var s = ws.abs().cumsum(1);
        var sb = bs2.cumsum(1) + b0.unsqueeze(1);

        var lastS = s.select(1, features - 1);
        var lastSb = sb.select(1, features - 1);
        var b2 = lastSb - lastS * p.gather(1, order.narrow(1, 0, 1)).squeeze(1);
        var reachesWithAll = (b - b2).gt(0);
        var searched = (b - b0).gt(0).logical_and(reachesWithAll.logical_not());

        var lower = zeros(new long[] { t.shape[0] }, device: t.device);
        var upper = full(new long[] { t.shape[0] }, features - 1, dtype: ScalarType.Float32, device: t.device);
        var steps = (int)Math.Ceiling(Math.Log2(features));
        for (var step = 0; step < steps; step++)
        {
            var middle = ((lower + upper) / 2).floor();
            var column = middle.to_type(ScalarType.Int64).unsqueeze(1);
            var current = order.gather(1, features - 1 - column);
            var bound = (sb.gather(1, column) - s.gather(1, column) * p.gather(1, current)).squeeze(1);
            var above = (b - bound).gt(0);
            lower = where(above, middle, lower);
            upper = where(above, upper, middle);
        }
        var found = lower.to_type(ScalarType.Int64).unsqueeze(1);

        var lambdaAll = ((b - lastSb) / -lastS).clamp_min(0).unsqueeze(1);
        var dAll = (2 * a - 1) * lambdaAll;
        var lambdaSearched = ((b - sb.gather(1, found).squeeze(1)) / -s.gather(1, found).squeeze(1)).clamp_min(0)
            .unsqueeze(1);
        var dSearched = minimum(lambdaSearched, d) * a + maximum(-lambdaSearched, d) * (1 - a);

        d = where(reachesWithAll.unsqueeze(1), dAll, where(searched.unsqueeze(1), dSearched, d));
        return (d * nonZero).MoveToOuterDisposeScope();
    }

    public static Tensor L2(Tensor points, Tensor w, Tensor b)
    {
        using var scope = NewDisposeScope();
        var t = points;
        var features = w.shape[1];
        var c = (w * t).sum(1) - b;
        var sign = c.ge(0).to_type(ScalarType.Float32) * 2 - 1;
        w = w * sign.unsqueeze(1);
        c = c * sign;

        var tiny = w.abs().lt(1e-8);
        var r = maximum(t / w, (t - 1) / w).clamp(-1e12, 1e12);
        r = r.masked_fill(tiny, 1e12);
        r = where(r.eq(-1e12), -r, r);
        var (rs, indr) = r.sort(1);
        var rs2 = cat([rs.narrow(1, 1, features - 1), zeros(new long[] { t.shape[0], 1 }, device: t.device)], 1);
        rs = rs.masked_fill(rs.eq(1e12), 0);
        rs2 = rs2.masked_fill(rs2.eq(1e12), 0);

        var w3s = w.square().gather(1, indr);
        var w5 = w3s.sum(1, keepdim: true);
        var ws = w5 - w3s.cumsum(1);
        var d = -(r * w) * tiny.logical_not().to_type(ScalarType.Float32);
        var firstRs = rs.narrow(1, 0, 1);
        var s = cat([-w5 * firstRs, ((-rs2 + rs) * ws).cumsum(1) - w5 * firstRs], 1);

        var unconstrained = (s.select(1, 0) + c).lt(0);
        var boxOnly = ((d * w).sum(1) + c).gt(0);
        var searched = unconstrained.logical_or(boxOnly).logical_not();

        var lower = zeros(new long[] { t.shape[0] }, device: t.device);
        var upper = full(new long[] { t.shape[0] }, features - 1, dtype: ScalarType.Float32, device: t.device);
        var steps = (int)Math.Ceiling(Math.Log2(features));
        for (var step = 0; step < steps; step++)
        {
            var middle = ((lower + upper) / 2).floor();
            var column = middle.to_type(ScalarType.Int64).unsqueeze(1);
            var above = (s.gather(1, column).squeeze(1) + c).gt(0);
            lower = where(above, middle, lower);
            upper = where(above, upper, middle);
        }
        var found = lower.to_type(ScalarType.Int64).unsqueeze(1);

        var alphaFree = c / w5.squeeze(1);
        var dFree = -alphaFree.unsqueeze(1) * w;
        var wsFound = ws.gather(1, found).squeeze(1);
        var alpha = (s.gather(1, found).squeeze(1) + c) / wsFound + rs.gather(1, found).squeeze(1);
        alpha = where(wsFound.eq(0), zeros_like(alpha), alpha);
        var beyond = alpha.unsqueeze(1).gt(r).to_type(ScalarType.Float32);
        var dSearched = d * beyond - alpha.unsqueeze(1) * w * (1 - beyond);

        d = where(unconstrained.unsqueeze(1), dFree, where(searched.unsqueeze(1), dSearched, d));
        return (d * tiny.logical_not().to_type(ScalarType.Float32)).MoveToOuterDisposeScope();
    }
}
