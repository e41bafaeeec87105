using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

public static class AdvBnInfo
{
    public static readonly MethodInfo Info = new("advbn",
        "AdvBN: fine-tune a trained model on adversarial per-channel feature mean/std shifts after its first stage, " +
        "with dual BNs.",
        [
            new PathSetting("checkpoint", "The pretrained checkpoint to fine-tune (required to train).", null,
                "a checkpoint.rgck or its run folder"),
            new IntSetting("repeats", "Sign-gradient steps of the feature-statistics attack.", 6, 0, 100),
            new DoubleSetting("step", "Step size of each sign-gradient step on the multipliers.", 0.2, 0, 10),
            new DoubleSetting("epsilon", "Multipliers stay in [1 - epsilon, 1 + epsilon].", 1.1, 0, 10),
        ],
        new MethodRecipe
        {
            Epochs = 20,
            BatchSize = 256,
            LearningRate = 0.001,
            Momentum = 0.9,
            Nesterov = false,
            WeightDecay = 1e-4,
            LearningRateStepEpochs = 10,
            LearningRateStepFactor = 0.1,
        })
    {
        RequiredInput = "checkpoint: the trained model to fine-tune",
    };
}
