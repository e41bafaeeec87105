using RobustGrid.NaTra.Generative;
using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// NaTra's "latent codes expansion" (reconstructed after mGANprior, Gu et al. 2020): N codes per image pass through
/// the generator's head; their features at the expansion layer are combined with per-channel weights αₙ and the
/// tail renders the result. Codes and weights are optimised together for reconstruction. The first code starts at
/// the refined code with weight 1 and the others at noisy copies with weight 0, so the start equals the
/// single-code reconstruction and any gain is the expansion's.
/// </summary>
internal static class LatentExpansion
{
    public sealed record Result(Tensor Codes, Tensor Weights, double Error);

    public static Result Fit(DcganGenerator generator, Tensor ganImages, Tensor refinedCodes,
        ExpansionSettings settings, Generator random)
    {
        var (batch, n, layer) = (refinedCodes.shape[0], settings.Codes, settings.Layer);
        var channels = generator.FeatureChannels(layer);
        Tensor startCodes, startWeights;
        using (var init = NewDisposeScope())
        {
            var noise = randn([batch, n, refinedCodes.shape[1]], device: refinedCodes.device, generator: random)
                .mul_(settings.Noise);
            noise.select(1, 0).zero_();
            startCodes = refinedCodes.unsqueeze(1).add(noise).MoveToOuterDisposeScope();
            var weights = zeros([batch, n, channels], device: refinedCodes.device);
            weights.select(1, 0).fill_(1.0);
            startWeights = weights.MoveToOuterDisposeScope();
        }
        using var codes = nn.Parameter(startCodes);
        using var alphas = nn.Parameter(startWeights);
        using var optimizer = optim.Adam([codes, alphas], settings.LearningRate);
        for (var step = 0; step < settings.Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = Render(generator, codes, alphas, layer).sub(ganImages).square().sum().div(batch);
            loss.backward();
            optimizer.step();
        }
        using var final = NewDisposeScope();
        using var noGrad = no_grad();
        var error = nn.functional.mse_loss(Render(generator, codes, alphas, layer), ganImages).item<float>();
        return new Result(codes.detach().clone().MoveToOuterDisposeScope(),
            alphas.detach().clone().MoveToOuterDisposeScope(), error);
    }

    /// <summary>Images from N codes per image [B, N, latent] and per-channel weights [B, N, channels].</summary>
    public static Tensor Render(DcganGenerator generator, Tensor codes, Tensor weights, int layer)
    {
        using var scope = NewDisposeScope();
        var (batch, n) = (codes.shape[0], codes.shape[1]);
        var features = generator.Head(codes.reshape(batch * n, -1), layer);
        features = features.view(batch, n, features.shape[1], features.shape[2], features.shape[3]);
        var combined = features.mul(weights.unsqueeze(-1).unsqueeze(-1)).sum(1);
        return generator.Tail(combined, layer).MoveToOuterDisposeScope();
    }
}
