namespace RobustGrid.Adversarial.Apgd;

internal static class ApgdValidation
{
    public static void Check(ApgdOptions options)
    {
        if (options.Epsilon < 0) throw new ArgumentOutOfRangeException(nameof(options), "epsilon must be >= 0");
        if (options.Iterations < 1 || options.Restarts < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "iterations and restarts must be >= 1");
        if (options.Rho is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "rho must be in (0, 1]");
    }
}
