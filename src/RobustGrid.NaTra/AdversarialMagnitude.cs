using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// Per-image magnitudes maximising a loss inside [-bound, bound]: projected sign-gradient ascent (PGD on a scalar
/// per image). The loss must be a sum over images so each magnitude gets its own image's gradient.
/// </summary>
internal static class AdversarialMagnitude
{
    public static Tensor Search(Func<Tensor, Tensor> summedLoss, Tensor start, double bound, int steps, double stepSize)
    {
        using var scope = NewDisposeScope();
        var t = start.detach().clamp(-bound, bound);
        for (var step = 0; step < steps; step++)
        {
            using var inner = NewDisposeScope();
            var variable = t.detach().requires_grad_(true);
            var loss = summedLoss(variable);
            var gradient = autograd.grad([loss], [variable])[0];
            t = variable.detach().add(gradient.sign().mul(stepSize)).clamp(-bound, bound).MoveToOuterDisposeScope();
        }
        return t.detach().MoveToOuterDisposeScope();
    }
}
