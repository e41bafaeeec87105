namespace RobustGrid.Catalog;

/// <summary>The arithmetic a training may run in; tf32 needs CUDA.</summary>
public static class Precisions
{
    public const string Fp32 = "fp32";
    public const string Tf32 = "tf32";
    public const string Bf16Mixed = "bf16-mixed";

    public static readonly IReadOnlyList<string> Names = [Fp32, Tf32, Bf16Mixed];

    public const string CudaOnly = Tf32;
}
