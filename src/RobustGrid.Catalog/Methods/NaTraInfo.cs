using RobustGrid.Catalog.Settings;

namespace RobustGrid.Catalog.Methods;

public static class NaTraInfo
{
    /// <summary>
    /// Options of NaTra's stages 1-4 (<c>robustgrid natra --set key=value</c>; in a sweep <c>natra.stage.key</c>).
    /// Every choice the paper's abstract does not pin down; defaults are sized for Fashion-MNIST on two CPU cores.
    /// </summary>
    public static readonly IReadOnlyList<Setting> StageOptions =
    [
        new IntSetting("latent-dim", "Stage 1: latent code size of the GAN.", 64, 1, 4096),
        new IntSetting("gan-width", "Stage 1: base channel width of generator and discriminator.", 32, 1, 1024),
        new IntSetting("gan-epochs", "Stage 1: GAN training epochs.", 6, 0, 10_000),
        new IntSetting("encoder-epochs", "Stage 1: encoder training epochs.", 3, 0, 10_000),
        new DoubleSetting("gan-lr", "Stage 1: Adam learning rate of the GAN.", 2e-4, 0, 1, MinExclusive: true),
        new DoubleSetting("encoder-lr", "Stage 1: Adam learning rate of the encoder.", 1e-3, 0, 1, MinExclusive: true),
        new DoubleSetting("encoder-pixel-weight", "Stage 1: weight of ||G(E(x)) - x||² beside ||E(G(z)) - z||².", 1.0,
            0, 1000),
        new IntSetting("batch-size", "Stages 1-3: batch size.", 64, 1, 100_000),
        new IntSetting("refine-steps", "Stage 2: gradient steps refining each inverted code.", 30, 0, 100_000),
        new DoubleSetting("refine-lr", "Stage 2: learning rate of the code refinement.", 0.05, 0, 100),
        new IntSetting("cache-images", "Stage 2: cache codes for the first N training images only (empty: all).", null,
            1, int.MaxValue),
        new IntSetting("expansion-codes", "Stage 3: latent codes combined per image (mGANprior-style).", 4, 1, 64),
        new IntSetting("expansion-layer", "Stage 3: generator block after which the codes' features are combined.", 1,
            1, 2),
        new IntSetting("expansion-steps", "Stage 3: optimisation steps of the expansion.", 60, 0, 100_000),
        new DoubleSetting("expansion-lr", "Stage 3: learning rate of the expansion.", 0.05, 0, 100),
        new DoubleSetting("expansion-noise", "Stage 3: spread of the extra codes around the refined code at the start.",
            0.5, 0, 100),
        new IntSetting("expansion-images", "Stage 3: images expanded.", 256, 1, int.MaxValue),
        new IntSetting("directions", "Stage 4: closed-form latent directions kept (at most latent-dim).", 8, 1, 4096),
        new DoubleSetting("bound", "Stages 4-5: |t| <= bound in latent units for every manipulation.", 3.0, 0, 100,
            MinExclusive: true),
        new DoubleSetting("max-label-flip",
            "Stage 4: a direction is class-independent when it flips at most this fraction of labels.", 0.10, 0, 1),
        new IntSetting("held-out", "Stage 4: held-out images the label flips are measured on.", 500, 1, int.MaxValue),
        new IntSetting("seed", "Seed of stages 1-4.", 0, long.MinValue, long.MaxValue),
    ];

    public static readonly MethodInfo Info = new("natra",
        "NaTra (RECONSTRUCTION, no public code): " +
        "adds CE on images moved along class-independent GAN latent directions, magnitude chosen adversarially.",
        [
            new PathSetting("stages",
                "Stage folder of 'robustgrid natra' (stages 1-4); in a sweep, natra.classifier instead has the grid " +
                "make it.",
                null, "folder"),
            new DoubleSetting("bound", "Magnitude bound |t| (0: the bound stage 4 used).", 0, 0, 100),
            new IntSetting("attack-steps", "Sign-gradient steps of the magnitude search.", 3, 0, 100),
            new DoubleSetting("step-fraction", "Step size as a fraction of the bound.", 0.5, 0, 10),
            new DoubleSetting("loss-weight", "Weight of the transformed images' CE.", 1.0, 0, 100),
            new BoolSetting("random-start", "Start the search at a uniform random magnitude.", true),
            new ChoiceSetting("transform", "residual: x + G(z+td) - G(z); regenerate: G(z+td).", "residual",
                ["residual", "regenerate"]),
            new ChoiceSetting("codes",
                "expanded: render x' from stage 3's latent codes expansion of each image, every code moved by t·d; " +
                "single: from stage 2's one code per image (cheaper; the ablation of the expansion).",
                "expanded", ["expanded", "single"]),
        ],
        MethodRecipe.None)
    {
        SweepOnly =
        [
            new PathSetting("classifier", "The classifier the grid makes stages 1-4 with (instead of natra.stages).",
                null,
                "a checkpoint.rgck, its run folder or trial:<id>"),
        ],
        SweepStage = ("stage.", StageOptions),
    };
}
