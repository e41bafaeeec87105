namespace RobustGrid.Adversarial.Norms;

/// <summary>The norm that bounds a perturbation. AutoAttack's standard version is defined for both.</summary>
public enum LpNorm
{
    Linf,
    L2,
}
