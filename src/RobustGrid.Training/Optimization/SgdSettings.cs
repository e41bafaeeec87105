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

    /// <summary>
    /// Loads a checkpoint's optimizer state into <paramref name="sgd"/> and puts back these settings' momentum and
    /// weight decay, which loading replaced with the saved ones: a run continued under other values (population-based
    /// training's exploit) keeps the momentum buffers and steps with its own values. Refuses a state whose update
    /// differs in kind (dampening, or Nesterov where both use momentum), which no setting of this run can continue.
    /// </summary>
    internal void LoadStateInto(SGD sgd, BinaryReader reader)
    {
        sgd.load_state_dict(reader);
        foreach (var group in sgd.ParamGroups.Cast<SGD.ParamGroup>())
        {
            var options = group.Options;
            if (options.dampening is { } d && d != 0)
                throw new InvalidDataException($"the optimizer state was saved with dampening {d}; this run uses 0");
            if (options.nesterov is { } nesterov && nesterov != UsesNesterov && options.momentum > 0 && Momentum > 0)
                throw new InvalidDataException(
                    $"the optimizer state was saved with nesterov {nesterov}; this run uses nesterov {UsesNesterov}");
            options.momentum = Momentum;
            options.weight_decay = WeightDecay;
            options.nesterov = UsesNesterov;
        }
    }
}
