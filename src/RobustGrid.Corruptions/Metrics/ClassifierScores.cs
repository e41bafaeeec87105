namespace RobustGrid.Corruptions.Metrics;

/// <summary>
/// What RobustGrid.Evaluation's scorer measured for one classifier on one image set: top-1 accuracy and error
/// (fractions in [0, 1], each from the count of correct predictions), mean negative log-likelihood of the true class,
/// expected calibration error (15 equal-width bins) and the RMS calibration error with adaptive bins of 100 samples
/// that AugMix, PixMix and IPMix report. The binning rules are documented on the functions that compute them.
/// Every value is NaN when <see cref="Count"/> is 0.
/// </summary>
public sealed record ClassifierScores(long Count, double Accuracy, double Error, double Nll, double Ece,
    double RmsCalibrationError);
