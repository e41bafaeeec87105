using RobustGrid.NaTra.Generative;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// NaTra's "batch inverse encoding and shifting" (reconstruction): a batch is encoded by E, then its codes are
/// shifted by Adam steps on the reconstruction error ||G(z) - x||². The generator is frozen and in eval mode, so
/// every image's code is refined independently even though the batch is optimised together.
/// </summary>
internal static class LatentInversion
{
    /// <summary>Codes [N, latent] for a batch of generator-domain images [N, C, H, W] in [-1, 1].</summary>
    public static Tensor Invert(GanModels models, Tensor ganImages, int refineSteps, double learningRate)
    {
        using var scope = NewDisposeScope();
        Tensor codes;
        using (no_grad()) codes = models.Encoder.call(ganImages);
        return Refine(models.Generator, ganImages, codes, refineSteps, learningRate).MoveToOuterDisposeScope();
    }

    /// <summary>Adam on the codes alone; returns the refined codes (detached).</summary>
    public static Tensor Refine(DcganGenerator generator, Tensor ganImages, Tensor startCodes, int steps,
        double learningRate)
    {
        if (steps == 0) return startCodes.detach().clone();
        using var code = nn.Parameter(startCodes.detach().clone());
        using var optimizer = optim.Adam([code], learningRate);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            // Summed over pixels, averaged over the batch: each image's gradient does not depend on the batch size.
            var loss = generator.call(code).sub(ganImages).square().sum().div(ganImages.shape[0]);
            loss.backward();
            optimizer.step();
        }
        return code.detach().clone();
    }

    /// <summary>Mean squared error per pixel between G(codes) and the images (generator domain).</summary>
    public static double ReconstructionError(DcganGenerator generator, Tensor ganImages, Tensor codes)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return nn.functional.mse_loss(generator.call(codes), ganImages).item<float>();
    }
}
