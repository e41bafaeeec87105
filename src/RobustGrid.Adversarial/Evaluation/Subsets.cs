using static TorchSharp.torch;

namespace RobustGrid.Adversarial.Evaluation;

/// <summary>
/// The reference's pattern of attacking only the points still classified correctly: select them, attack the
/// subset, then write the points that were fooled back into the full batch.
/// </summary>
internal static class Subsets
{
    /// <summary>Int64 indices of the true entries of a [N] bool mask.</summary>
    public static Tensor IndicesOf(Tensor mask) => mask.nonzero().view(-1);

    /// <summary>
    /// For every local index where <paramref name="fooled"/> is true: mark the point as no longer correct and copy
    /// the candidate image into <paramref name="adversarial"/> at its global index.
    /// </summary>
    public static void WriteFooled(Tensor adversarial, Tensor stillCorrect, Tensor globalIndices, Tensor candidates,
        Tensor fooled)
    {
        var local = IndicesOf(fooled);
        if (local.numel() == 0) return;
        var global = globalIndices.index_select(0, local);
        stillCorrect.index_fill_(0, global, false);
        adversarial.index_copy_(0, global, candidates.index_select(0, local));
    }
}
