using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Training.Optimization;

/// <summary>
/// Parameters of one dtype and device re-pointed into one contiguous buffer, their gradients into a second one,
/// so an SGD step is a few native calls on whole buffers instead of a few per parameter. Each parameter stays the
/// same object (modules keep their references): <c>set_</c> makes it a view of its slice, and its <c>.grad</c> is
/// set to the matching slice of the gradient buffer, into which autograd then accumulates in place.
/// </summary>
internal sealed class FlatParameterGroup : IDisposable
{
    private readonly (int Index, Parameter Parameter, long Offset)[] _members;

    private FlatParameterGroup((int, Parameter, long)[] members, Tensor values, Tensor gradients)
    {
        _members = members;
        Values = values;
        Gradients = gradients;
    }

    /// <summary>Every parameter of the group, one after another, in the optimizer's order.</summary>
    public Tensor Values { get; }

    public Tensor Gradients { get; }

    /// <summary>Null until the first step (torch.optim.SGD's buffer starts as a copy of the first gradient) or a
    /// load.</summary>
    public Tensor? Momentum { get; set; }

    /// <summary>Positions of the group's parameters in the optimizer's parameter list (the state order).</summary>
    public IEnumerable<int> Indices => _members.Select(m => m.Index);

    /// <summary>
    /// Copies the parameters and their current gradients into new buffers and re-points both at them. Every
    /// parameter needs a gradient here: the flat step updates every parameter on every step, where
    /// torch.optim.SGD skips one whose gradient is none.
    /// </summary>
    public static FlatParameterGroup Adopt(IReadOnlyList<(int Index, Parameter Parameter)> parameters)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var first = parameters[0].Parameter;
        var members = new (int, Parameter, long)[parameters.Count];
        var total = 0L;
        for (var i = 0; i < parameters.Count; i++)
        {
            members[i] = (parameters[i].Index, parameters[i].Parameter, total);
            total += parameters[i].Parameter.numel();
        }
        var values = empty(total, first.dtype, first.device);
        var gradients = empty(total, first.dtype, first.device);
        foreach (var (index, parameter, offset) in members)
        {
            var gradient = parameter.grad ?? throw new InvalidOperationException(
                $"trainable parameter {index} (shape [{string.Join(", ", parameter.shape)}]) " +
                $"has no gradient at the first step: " +
                "the flat-buffer SGD updates every parameter on every step, so each must take part in the loss " +
                "(torch.optim.SGD would skip it); use the per-parameter optimizer for this model");
            var value = Slice(values, offset, parameter.shape);
            value.copy_(parameter);
            parameter.set_(value);
            var gradientView = Slice(gradients, offset, parameter.shape);
            gradientView.copy_(gradient);
            parameter.grad = gradientView;
        }
        return new FlatParameterGroup(members, values.DetachFromDisposeScope(), gradients.DetachFromDisposeScope());
    }

    /// <summary>Throws when the first gradient is no longer a view of the buffer (a module's zero_grad set it to
    /// none).</summary>
    public void CheckGradientsAttached()
    {
        using var gradient = _members[0].Parameter.grad;
        if (gradient is null)
            throw new InvalidOperationException(
                "a parameter's gradient was set to none (module.zero_grad()?): " +
                "with the flat-buffer SGD only the optimizer's ZeroGrad may clear gradients");
    }

    /// <summary>Views of the momentum buffer, one per parameter (for the checkpoint); null without a buffer.</summary>
    public IEnumerable<(int Index, Tensor View)> MomentumViews() =>
        Momentum is { } momentum
            ? _members.Select(m => (m.Index, Slice(momentum, m.Offset, m.Parameter.shape)))
            : [];

    /// <summary>Takes per-parameter momentum buffers (from a checkpoint) into the flat buffer; all or none.</summary>
    public void LoadMomentum(IReadOnlyDictionary<int, Tensor> buffers)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Momentum ??= zeros_like(Values).DetachFromDisposeScope();
        foreach (var (index, parameter, offset) in _members)
            Slice(Momentum, offset, parameter.shape).copy_(buffers[index]);
    }

    private static Tensor Slice(Tensor flat, long offset, long[] shape) =>
        flat.narrow(0, offset, shape.Aggregate(1L, (a, b) => a * b)).view(shape);

    public void Dispose()
    {
        Values.Dispose();
        Gradients.Dispose();
        Momentum?.Dispose();
    }
}
