using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Data;
using RobustGrid.Training.Methods.Consistency;
using RobustGrid.Training.Methods.Parameters;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Methods.AugMix;

/// <summary>
/// AugMix (Hendrycks et al., ICLR 2020; google-research/augmix): the standard augmentation, then per sample two
/// AugMix views; loss = CE(clean) + 12·JSD(clean, aug1, aug2) over one forward pass of the three views. Images are
/// normalised to [−1, 1]. With jsd=false the network sees one AugMix view and plain CE, as the reference's --no-jsd.
/// </summary>
public sealed class AugMixMethod(MethodParameterValues values) : ITrainingMethod
{
    public static readonly MethodDescriptor Descriptor = new("augmix",
        "AugMix: chains of 9 PIL ops mixed with Dirichlet/Beta weights, plus the Jensen-Shannon consistency loss.",
        [
            new IntParameter("severity", "Upper bound of each op's level U(0.1, severity).", 3, 1, 10),
            new IntParameter("width", "Augmentation chains mixed per view.", 3, 1, 10),
            new IntParameter("depth", "Ops per chain; -1 draws 1-3 per chain.", -1, 1, 10, Extra: [-1]),
            new DoubleParameter("alpha", "Dirichlet and Beta concentration of the mixing weights.", 1.0, 0, 100, MinExclusive: true),
            new BoolParameter("jsd", "Jensen-Shannon consistency over clean + 2 AugMix views (else CE on one view).", true),
            new DoubleParameter("jsd_weight", "Weight of the Jensen-Shannon term.", 12.0, 0, 1000),
            new TextParameter("ops", "Comma-separated ops the chains draw from (ablations; the reference uses the 9 default ops).",
                AllOps, $"a subset of {AllOps},contrast"),
            InputNormalization.Parameter(InputNormalization.Symmetric),
        ],
        new MethodRecipe
        {
            Model = "wrn-40-2", Epochs = 100, BatchSize = 128, LearningRate = 0.1, MinLearningRate = 1e-6,
            Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4,
        },
        values => new AugMixMethod(values));

    private static string AllOps => string.Join(",", PilOpSets.AugMix().Select(op => op.Name));

    private readonly AugMixAugmenter _augmenter = new(values.Int("severity"), values.Int("width"), values.Int("depth"),
        values.Double("alpha"), PilOpSets.AugMixSubset(values.Text("ops"), "augmix", "ops"));
    private readonly bool _jsd = values.Bool("jsd");
    private readonly double _jsdWeight = values.Double("jsd_weight");

    public string Name => "augmix";

    public IReadOnlyDictionary<string, string> Details => values.Describe();

    public Normalization Normalization(DatasetProfile profile) => InputNormalization.For(values, profile);

    public MethodStep Step(TrainingBatch batch)
    {
        var normalization = Normalization(batch.Profile);
        var images = batch.Profile.Augmentation.Apply(batch.Images, batch.Generator);
        if (!_jsd)
        {
            var logits = batch.Model.call(_augmenter.Augment(images, 1, normalization, batch.Generator));
            return new MethodStep(nn.functional.cross_entropy(logits, batch.Labels), logits);
        }
        var views = _augmenter.Augment(images, 2, normalization, batch.Generator);
        return JensenShannon.CleanCrossEntropyPlusConsistency(batch.Model, normalization.FromBytes(images), views,
            batch.Labels, _jsdWeight);
    }
}
