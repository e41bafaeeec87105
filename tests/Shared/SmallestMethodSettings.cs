namespace RobustGrid.Tests.Shared;

/// <summary>
/// The smallest settings each training method trains with in a sweep spec, so that a trial of any method takes
/// seconds: YAML parameter lines, two spaces in (under <c>parameters:</c>), each ending in a newline.
/// </summary>
internal static class SmallestMethodSettings
{
    /// <summary>Methods that train from, fine-tune or enhance an already trained classifier.</summary>
    public static bool BuildsOnClassifier(string method) => method is "advbn" or "natra" or "dyntta";

    /// <summary>The lines for <paramref name="method"/>; empty where its defaults are already small.</summary>
    /// <param name="classifier">The checkpoint (a path or trial:sweep/best) of the classifier that
    /// <see cref="BuildsOnClassifier"/> methods build on.</param>
    public static string For(string method, string classifier) => method switch
    {
        "ipmix" => "  ipmix.fractal_count: {value: 16}\n",
        "adv-mixup" => "  adv-mixup.steps: {value: 2}\n",
        "advbn" => $"  advbn.checkpoint: {{value: \"{classifier}\"}}\n",
        "dyntta" => $"  dyntta.checkpoint: {{value: \"{classifier}\"}}\n" + """
              dyntta.urie-epochs: {value: 1}
              dyntta.batch-size: {value: 32}

            """,
        "natra" => $"  natra.classifier: {{value: \"{classifier}\"}}\n" + """
              natra.attack-steps: {value: 1}
              natra.stage.gan-epochs: {value: 1}
              natra.stage.encoder-epochs: {value: 1}
              natra.stage.gan-width: {value: 8}
              natra.stage.latent-dim: {value: 16}
              natra.stage.batch-size: {value: 32}
              natra.stage.refine-steps: {value: 2}
              natra.stage.expansion-steps: {value: 2}
              natra.stage.expansion-images: {value: 8}
              natra.stage.directions: {value: 4}
              natra.stage.held-out: {value: 64}
              natra.stage.max-label-flip: {value: 1}

            """,
        _ => "",
    };
}
