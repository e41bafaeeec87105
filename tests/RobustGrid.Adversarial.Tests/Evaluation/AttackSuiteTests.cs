using RobustGrid.Adversarial.Apgd;
using RobustGrid.Adversarial.Evaluation;
using RobustGrid.Adversarial.Norms;
using RobustGrid.Adversarial.Pgd;

namespace RobustGrid.Adversarial.Tests.Evaluation;

public sealed class AttackSuiteTests
{
    [Theory]
    [InlineData(AttackPresets.AutoAttackLinf8)]
    [InlineData(AttackPresets.AutoAttackL2)]
    public void TheStandardVersionRunsTheReferenceAttacksInTheReferenceOrder(string preset) =>
        Assert.Equal(AutoAttackStandardTests.ReferenceOrder, AttackPresets.Create(preset).Attacks.Select(a => a.Name));

    [Fact]
    public void OnlyTheFourAttacksMayBeCalledAutoattack()
    {
        var cheaper = AutoAttackStandard.ApgdCeAndApgdT(LpNorm.Linf, 8.0 / 255, "8/255");
        Assert.Equal("apgd-ce+apgd-t-linf-8/255", cheaper.Name);
        Assert.Throws<ArgumentException>(
            () => new AttackSuite("autoattack-linf-8/255", LpNorm.Linf, 8.0 / 255, cheaper.Attacks));
    }

    [Fact]
    public void AttacksOfASuiteShareItsBall()
    {
        var attack = new ApgdAttack(new ApgdOptions(LpNorm.Linf, 4.0 / 255));
        Assert.Throws<ArgumentException>(() => new AttackSuite("x", LpNorm.Linf, 8.0 / 255, [attack]));
        Assert.Throws<ArgumentException>(() => new AttackSuite("x", LpNorm.L2, 4.0 / 255, [attack]));
    }

    [Fact]
    public void EveryPresetIsNamedByItsLeaderboardColumn()
    {
        Assert.Equal(["pgd-2/255", "pgd-8/255", "autoattack-linf-8/255", "autoattack-l2-0.5",
            "apgd-ce+apgd-t-linf-8/255"], AttackPresets.Names);
        Assert.All(AttackPresets.Names, name => Assert.Equal(name, AttackPresets.Create(name).Name));
        Assert.Throws<ArgumentException>(() => AttackPresets.Create("autoattack"));
    }

    [Fact]
    public void ThePgdPresetsFollowTheirProtocols()
    {
        var ipmix = Assert.IsType<PgdAttack>(Assert.Single(AttackPresets.Create(AttackPresets.Pgd2).Attacks)).Options;
        Assert.Equal((LpNorm.Linf, 2.0 / 255, 20, 0.5 / 255, true),
            (ipmix.Norm, ipmix.Epsilon, ipmix.Steps, ipmix.StepSize, ipmix.RandomStart));
        var usual = Assert.IsType<PgdAttack>(Assert.Single(AttackPresets.Create(AttackPresets.Pgd8).Attacks)).Options;
        Assert.Equal((LpNorm.Linf, 8.0 / 255, 20, 2.0 / 255, true),
            (usual.Norm, usual.Epsilon, usual.Steps, usual.StepSize, usual.RandomStart));
    }
}
