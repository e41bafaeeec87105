using RobustGrid.Training.Augmentations;
using RobustGrid.Training.Augmentations.Pil;
using RobustGrid.Training.Data;
using RobustGrid.Methods.Consistency;
using RobustGrid.Catalog.Settings;
using RobustGrid.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.AugMix;

/// <summary>
/// AugMix (Hendrycks et al., ICLR 2020; google-research/augmix): the standard augmentation, then per sample two
/// AugMix views; loss = CE(clean) + 12·JSD(clean, aug1, aug2) over one forward pass of the three views. Images are
/// normalised to [−1, 1]. With jsd=false the network sees one AugMix view and plain CE, as the reference's --no-jsd.
/// </summary>
internal sealed class AugMixMethod(SettingValues values) : ITrainingMethod
{
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
