using RobustGrid.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Training.Training;

/// <summary>Top-1 accuracy of a classifier on a device-resident set, in eval mode without gradients.</summary>
public static class ClassifierAccuracy
{
    public static double Measure(nn.Module<Tensor, Tensor> model, DeviceImageSet set, Normalization normalization, int batchSize = 1000)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var correct = zeros(1, ScalarType.Int64, set.Images.device);
            for (var start = 0; start < set.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, set.Count - start);
                var logits = model.call(normalization.FromBytes(set.Images.narrow(0, start, count)));
                correct.add_(logits.argmax(1).eq(set.Labels.narrow(0, start, count)).sum());
            }
            return (double)correct.item<long>() / set.Count;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
