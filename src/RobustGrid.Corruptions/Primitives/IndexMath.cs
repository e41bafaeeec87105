using TorchSharp;
using static TorchSharp.torch;

namespace RobustGrid.Corruptions.Primitives;

/// <summary>
/// Integer tensor sums for gather indices, with the <c>alpha = 1</c> scalar held in a static field.
/// <para>
/// Why: TorchSharp 0.107's <c>a + b</c> is <c>a.add(b, 1)</c>, which creates a temporary <see cref="Scalar"/>; nothing
/// keeps it reachable while the native add runs, so a GC plus its finalizer can free it mid-call (Scalars are not
/// tracked by dispose scopes). On int64 tensors libtorch then rejected the recycled alpha ("For integral input
/// tensors, argument alpha must not be a floating point number") — seen once in a full 950,000-image run, in frost's
/// crop indices. A rooted scalar cannot be finalized. Float ops take the same kind of temporaries; see
/// docs/corruptions.md, "Known problems".
/// </para>
/// </summary>
internal static class IndexMath
{
    private static readonly Scalar One = 1.ToScalar();

    public static Tensor Plus(Tensor a, Tensor b) => a.add(b, One);

    public static Tensor Plus(Tensor a, Tensor b, Tensor c) => Plus(Plus(a, b), c);
}
