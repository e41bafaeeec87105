using RobustGrid.Training.Models.Staged;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RobustGrid.Methods.AdvBn;

/// <summary>
/// AdvBN's model surgery (azshue/AdvBN models/resnet.py): the classifier split after its first stage; the stem is
/// frozen (no gradients, always in eval mode); every batch norm after the split has a clean copy (the model's own)
/// and an adversarial copy (registered under adv_bn, initialised from the clean one). forward() is the clean
/// path, so evaluation and <see cref="Training.Checkpoints.TrainedModel"/> see the plain classifier.
/// </summary>
internal sealed class AdvBnModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly IStagedClassifier _staged;
    private readonly ModuleList<BatchNorm2d> _adversarial;
    private readonly AdversarialRoute _route;

    public AdvBnModel(nn.Module<Tensor, Tensor> model) : base(nameof(AdvBnModel))
    {
        _model = model;
        _staged = model as IStagedClassifier
            ?? throw new ArgumentException(
                $"advbn needs a model split after its first stage; {model.GetName()} is not");
        var clean = _staged.HeadBatchNorms;
        _adversarial =
            nn.ModuleList(clean.Select(bn => nn.BatchNorm2d(bn.num_features, bn.eps, bn.momentum ?? 0.1)).ToArray());
        register_module("model", _model);
        register_module("adv_bn", _adversarial);
        IEqualityComparer<BatchNorm2d> byReference = ReferenceEqualityComparer.Instance;
        _route = new AdversarialRoute(clean.Zip(_adversarial).ToDictionary(p => p.First, p => p.Second, byReference));
        foreach (var module in _staged.StemModules)
        {
            foreach (var parameter in module.parameters()) parameter.requires_grad = false;
        }
        CopyCleanToAdversarial();
    }

    /// <summary>The wrapped classifier (its batch norms are the clean ones).</summary>
    public nn.Module<Tensor, Tensor> Classifier => _model;

    public bool StemOutputIsRectified => _staged.StemOutputIsRectified;

    public IReadOnlyList<BatchNorm2d> CleanBatchNorms => _staged.HeadBatchNorms;

    public IReadOnlyList<BatchNorm2d> AdversarialBatchNorms => _adversarial.ToList();

    public override Tensor forward(Tensor input) => _model.call(input);

    public Tensor Stem(Tensor images) => _staged.ForwardStem(images);

    public Tensor Head(Tensor features, bool adversarial) =>
        _staged.ForwardHead(features, adversarial ? _route : CleanBatchNormRoute.Instance);

    /// <summary>The stem stays in eval mode whatever mode the rest is in (the reference re-freezes its BNs after every
    /// switch).</summary>
    public override void train(bool on = true)
    {
        base.train(on);
        foreach (var module in _staged.StemModules) module.eval();
    }

    /// <summary>Initialises each adversarial batch norm as a copy of its clean one (utils/convert_weight.py).</summary>
    public void CopyCleanToAdversarial()
    {
        using var noGrad = no_grad();
        foreach (var (clean, adversarial) in _staged.HeadBatchNorms.Zip(_adversarial))
        {
            adversarial.weight.copy_(clean.weight);
            adversarial.bias!.copy_(clean.bias!);
            adversarial.running_mean!.copy_(clean.running_mean!);
            adversarial.running_var!.copy_(clean.running_var!);
            adversarial.num_batches_tracked!.copy_(clean.num_batches_tracked!);
        }
    }

    private sealed class AdversarialRoute(Dictionary<BatchNorm2d, BatchNorm2d> copies) : IBatchNormRoute
    {
        public Tensor Normalize(BatchNorm2d clean, Tensor features) => copies[clean].call(features);
    }
}
