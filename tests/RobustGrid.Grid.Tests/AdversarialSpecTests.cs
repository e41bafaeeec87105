using RobustGrid.Grid.Grains.Specs;

namespace RobustGrid.Grid.Tests;

public sealed class AdversarialSpecTests
{
    [Fact]
    public void AdversarialSuitesAreParsedIntoTheEvaluationSpec()
    {
        var (spec, errors) = SweepSpecParser.Parse("""
            dataset: fashion-mnist
            parameters:
              method: {value: erm}
            evaluation:
              suite: fashion-mnist-c
              adversarial: [pgd-2/255, autoattack-linf-8/255]
              adversarial_examples: 200
            """);
        Assert.Empty(errors);
        Assert.Equal(["pgd-2/255", "autoattack-linf-8/255"], spec!.Evaluation.Adversarial!);
        Assert.Equal(200, spec.Evaluation.AdversarialExamples);
        Assert.Contains("pgd-2/255", spec.Evaluation.Fingerprint);
    }

    [Fact]
    public void AnUnknownAdversarialSuiteNamesTheFieldAndTheKnownOnes()
    {
        var errors = SweepSpecParser.Parse("""
            dataset: fashion-mnist
            parameters:
              method: {value: erm}
            evaluation: {suite: clean, adversarial: [fgsm]}
            """).Errors;
        Assert.Contains(errors, e => e.Path == "evaluation.adversarial"
            && e.Message.Contains("unknown adversarial suite 'fgsm'; known: pgd-2/255"));
    }

    [Fact]
    public void EveryCatalogAttackNameBuildsASuite()
    {
        foreach (var name in RobustGrid.Catalog.AttackNames.Names)
            Assert.Equal(name, RobustGrid.Adversarial.Evaluation.AttackPresets.Create(name).Name);
    }
}
