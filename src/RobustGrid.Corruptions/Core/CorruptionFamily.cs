namespace RobustGrid.Corruptions.Core;

/// <summary>The four groups Hendrycks &amp; Dietterich report per-family means over.</summary>
public enum CorruptionFamily
{
    Noise,
    Blur,
    Weather,
    Digital,
}
