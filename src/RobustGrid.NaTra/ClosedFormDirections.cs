using static TorchSharp.torch;

namespace RobustGrid.NaTra;

/// <summary>
/// NaTra's "unsupervised attribute directing" (reconstructed as SeFa, Shen and Zhou 2021): the latent directions that
/// change the generator's first-layer output most are the top eigenvectors of AᵀA, A the projection weight.
/// </summary>
internal static class ClosedFormDirections
{
    /// <summary>Top-<paramref name="count"/> unit directions [count, latent] and their eigenvalues, largest
    /// first.</summary>
    public static (Tensor Directions, double[] Eigenvalues) Compute(Tensor projectionWeight, int count)
    {
        using var scope = NewDisposeScope();
        var a = projectionWeight.detach().to(ScalarType.Float64).cpu();
        var gram = a.t().matmul(a);
        var (values, vectors) = linalg.eigh(gram);
        // eigh returns ascending eigenvalues; the columns of `vectors` are the eigenvectors.
        var order = values.argsort(descending: true).narrow(0, 0, count);
        var directions = vectors.index_select(1, order).t().contiguous().to(ScalarType.Float32)
            .to(projectionWeight.device);
        var eigenvalues = values.index_select(0, order).data<double>().ToArray();
        return (directions.MoveToOuterDisposeScope(), eigenvalues);
    }
}
