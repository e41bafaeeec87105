using TorchSharp.Modules;

namespace RobustGrid.Training.Optimization;

/// <summary>
/// SGD as torch.optim.SGD defines it with dampening 0 (the only dampening our recipes use): weight decay added to
/// the gradient, a momentum buffer that starts as the first step's gradient, optional Nesterov.
/// </summary>
public sealed record SgdSettings(double LearningRate, double Momentum, double WeightDecay, bool Nesterov)
{
    /// <summary>The flat-buffer optimizer by default; <paramref name="flat"/> false gives TorchSharp's per-parameter
    /// SGD.</summary>
    public ISgdOptimizer Create(IEnumerable<Parameter> parameters, bool flat = true) =>
        flat ? new FlatSgd(parameters, this) : new PerParameterSgd(parameters, this);

    /// <summary>TorchSharp refuses Nesterov without momentum; so does PyTorch.</summary>
    internal bool UsesNesterov => Nesterov && Momentum > 0;

    /// <summary>The reference implementation, also the state format both optimizers write.</summary>
    internal SGD CreateTorchSgd(IEnumerable<Parameter> parameters) =>
        TorchSharp.torch.optim.SGD(parameters, LearningRate, Momentum, weight_decay: WeightDecay,
            nesterov: UsesNesterov);
}
