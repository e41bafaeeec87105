using RobustGrid.Tests.Shared;
using RobustGrid.Training.Data;
using RobustGrid.Training.Training;
using RobustGrid.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Methods.Tests;

/// <summary>
/// Adversarial mixup's attack on one real batch: the same mixing partners and ratios with and without the PGD steps,
/// so that any change of the loss comes from the perturbations (and the adversarial ratio steps) alone.
/// </summary>
public sealed class AdvMixupTests
{
    [Fact]
    public void The_adversarial_steps_raise_the_mixed_loss_of_the_same_draws_and_move_nothing_when_epsilon_is_zero()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = ModelFactory.Create("small-cnn", 1, 10, 28);
        // The method attacks in eval mode; its last forward pass is in eval mode here too, so no call's batch
        // statistics differ from another's.
        model.eval();
        var set = TestData.Catalog.Load("fashion-mnist").Train.Take(64);
        var images = tensor(set.Pixels, ScalarType.Byte).reshape(64, 1, 28, 28);
        var labels = tensor(set.Labels, ScalarType.Byte).to(ScalarType.Int64);

        double Loss(params (string Key, string Value)[] settings)
        {
            var values = settings.ToDictionary(s => s.Key, s => s.Value);
            values["labels"] = "ratio";
            var method = MethodRegistry.Create("adv-mixup", values);
            // The same generator seed: the same augmentation, partners, ratios and random starts in every call.
            using var generator = new Generator(9, CPU);
            var step = method.Step(
                new TrainingBatch(images, labels, model, DatasetProfile.For("fashion-mnist"), generator, 1, 0));
            return step.Loss.item<float>();
        }

        var plainMixup = Loss(("steps", "0"));
        var oneStep = Loss(("steps", "1"));
        var fiveSteps = Loss(("steps", "5"));
        Assert.True(plainMixup < oneStep && oneStep < fiveSteps,
            $"mixed cross-entropy: plain mixup {plainMixup}, after 1 step {oneStep}, after 5 steps {fiveSteps}");
        // With a zero radius and a fixed ratio the steps are projected back to no perturbation: plain mixup's loss.
        Assert.Equal(plainMixup, Loss(("steps", "5"), ("epsilon", "0"), ("optimize_ratio", "false")));
    }
}
