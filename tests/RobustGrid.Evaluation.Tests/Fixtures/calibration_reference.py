#!/usr/bin/env python3
"""Expected values for CalibrationErrorTests (plain python3, no numpy).

calib_err is the function of AugMix's / PixMix's calibration_tools.py with p='2', written line by line with lists
instead of numpy arrays: np.argsort becomes a stable sort of the indices and np.nanmean a plain mean (the inputs
have no NaN). ece is Guo et al.'s expected calibration error with 15 equal-width bins, bin b holding the
confidences c with b/15 < c <= (b+1)/15 and 0 in the first bin, written from that definition.

The arrays are made from integer formulas that the C# test repeats; run `python3 calibration_reference.py` and
paste its output into the test.
"""
import math


def calib_err(confidence, correct, p='2', beta=100):
    # beta is target bin size
    idxs = sorted(range(len(confidence)), key=lambda i: confidence[i])
    confidence = [confidence[i] for i in idxs]
    correct = [correct[i] for i in idxs]
    bins = [[i * beta, (i + 1) * beta] for i in range(len(confidence) // beta)]
    bins[-1] = [bins[-1][0], len(confidence)]

    cerr = 0
    total_examples = len(confidence)
    for i in range(len(bins) - 1):
        bin_confidence = confidence[bins[i][0]:bins[i][1]]
        bin_correct = correct[bins[i][0]:bins[i][1]]
        num_examples_in_bin = len(bin_confidence)

        if num_examples_in_bin > 0:
            difference = abs(sum(bin_confidence) / len(bin_confidence) - sum(bin_correct) / len(bin_correct))

            if p == '2':
                cerr += num_examples_in_bin / total_examples * (difference * difference)
            else:
                assert False, 'only p = "2" is used here'

    if p == '2':
        cerr = math.sqrt(cerr)

    return cerr


def ece(confidence, correct, n_bins=15):
    n = len(confidence)
    total = 0.0
    for b in range(n_bins):
        lower, upper = b / n_bins, (b + 1) / n_bins
        members = [i for i in range(n) if lower < confidence[i] <= upper or (b == 0 and confidence[i] == 0.0)]
        if not members:
            continue
        accuracy = sum(1 for i in members if correct[i]) / len(members)
        mean_confidence = sum(confidence[i] for i in members) / len(members)
        total += len(members) / n * abs(accuracy - mean_confidence)
    return total


def spread(n):
    """Confidences in (0, 1): ((i*7919) % 1009 + 1) / 1010; correct when (i*104729) % 1000 < 900*confidence."""
    confidence = [((i * 7919) % 1009 + 1) / 1010 for i in range(n)]
    correct = [(i * 104729) % 1000 < 900 * confidence[i] for i in range(n)]
    return confidence, correct


def confident(n):
    """Confidences in [0.5, 1): 0.5 + ((i*37) % 101) / 202; correct when (i*13) % 7 < 5."""
    return [0.5 + ((i * 37) % 101) / 202 for i in range(n)], [(i * 13) % 7 < 5 for i in range(n)]


def tied(n):
    """Only three confidences, 0.6, 0.75 and 0.9 (i % 3), so bins cut through ties; correct when (i*11) % 5 < 3."""
    levels = [0.6, 0.75, 0.9]
    return [levels[i % 3] for i in range(n)], [(i * 11) % 5 < 3 for i in range(n)]


EDGES = [0.0, 1 / 15, 2 / 15, 0.2, 4 / 15, 1 / 3, 0.4, 7 / 15, 8 / 15, 0.6, 2 / 3, 11 / 15, 0.8, 13 / 15, 14 / 15, 1.0]


def edges():
    """Every bin edge 0, 1/15, ..., 1 (each as the double b/15), four times, correct when (i*7) % 4 < 2 + (i % 2)."""
    confidence = [EDGES[i % 16] for i in range(64)]
    return confidence, [(i * 7) % 4 < 2 + (i % 2) for i in range(64)]


if __name__ == '__main__':
    cases = [('spread', 1037), ('spread', 250), ('spread', 199), ('spread', 150), ('confident', 250), ('confident', 420),
             ('tied', 300), ('tied', 1000)]
    makers = {'spread': spread, 'confident': confident, 'tied': tied}
    for name, n in cases:
        c, k = makers[name](n)
        print(f'rms {name} n={n} beta=100: {calib_err(c, k)!r}')
    c, k = spread(1037)
    print(f'rms spread n=1037 beta=15: {calib_err(c, k, beta=15)!r}')
    print(f'rms spread n=1037 beta=1: {calib_err(c, k, beta=1)!r}')
    for name, n in [('spread', 1037), ('confident', 250), ('tied', 300)]:
        c, k = makers[name](n)
        print(f'ece {name} n={n}: {ece(c, k)!r}')
    c, k = edges()
    print(f'ece edges n=64: {ece(c, k)!r}')
    # Bins of the edges under the rule, as a check on the binning alone.
    print('edge bins:', [next(b for b in range(15) if b / 15 < v <= (b + 1) / 15 or (b == 0 and v == 0.0)) for v in EDGES])
