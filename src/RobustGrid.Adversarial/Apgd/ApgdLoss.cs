namespace RobustGrid.Adversarial.Apgd;

/// <summary>The objective APGD maximises.</summary>
public enum ApgdLoss
{
    /// <summary>Cross-entropy: APGD-CE.</summary>
    CrossEntropy,

    /// <summary>Untargeted DLR: APGD-DLR (AutoAttack's 'plus' version only).</summary>
    Dlr,

    /// <summary>Targeted DLR against each of the top-k other classes: APGD-T.</summary>
    TargetedDlr,
}
