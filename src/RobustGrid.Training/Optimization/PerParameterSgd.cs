using TorchSharp.Modules;

namespace RobustGrid.Training.Optimization;

/// <summary>TorchSharp's torch.optim.SGD: a handful of native calls per parameter and step (the reference).</summary>
internal sealed class PerParameterSgd(IEnumerable<Parameter> parameters, SgdSettings settings) : ISgdOptimizer
{
    private readonly SGD _sgd = settings.CreateTorchSgd(parameters);

    public double LearningRate
    {
        get => _sgd.ParamGroups.First().LearningRate;
        set
        {
            foreach (var group in _sgd.ParamGroups) group.LearningRate = value;
        }
    }

    public void ZeroGrad() => _sgd.zero_grad();

    public void Step() => _sgd.step();

    public void SaveState(BinaryWriter writer) => _sgd.save_state_dict(writer);

    public void LoadState(BinaryReader reader) => settings.LoadStateInto(_sgd, reader);

    public void Dispose() => _sgd.Dispose();
}
