"""Data drift: compare this week's inputs with the training data, feature by
feature, with the two-sample Kolmogorov-Smirnov statistic."""
import logging

logger = logging.getLogger(__name__)
DRIFT_THRESHOLD = 0.2


def ks_statistic(reference: list[float], current: list[float]) -> float:
    reference, current = sorted(reference), sorted(current)
    values = sorted(set(reference) | set(current))
    i = j = 0
    largest = 0.0
    for value in values:
        while i < len(reference) and reference[i] <= value:
            i += 1
        while j < len(current) and current[j] <= value:
            j += 1
        largest = max(largest, abs(i / len(reference) - j / len(current)))
    return largest


def drifted_features(reference: dict[str, list[float]], current: dict[str, list[float]]) -> list[str]:
    drifted = [name for name in reference if ks_statistic(reference[name], current[name]) > DRIFT_THRESHOLD]
    if drifted:
        logger.warning("data drift in %s", ", ".join(drifted))
    return drifted
