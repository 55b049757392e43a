"""A small, dependency-free wine classifier, saved and loaded with pickle."""
import pickle
from pathlib import Path


class ThresholdModel:
    """Predicts class 1 for wines stronger than the learned alcohol threshold."""

    def __init__(self, threshold=12.0):
        self.threshold = threshold

    def fit(self, alcohol, labels):
        positives = [a for a, label in zip(alcohol, labels) if label == 1]
        negatives = [a for a, label in zip(alcohol, labels) if label == 0]
        self.threshold = (min(positives) + max(negatives)) / 2
        return self

    def predict(self, alcohol):
        return [1 if a > self.threshold else 0 for a in alcohol]


def accuracy(predicted, expected):
    return sum(p == e for p, e in zip(predicted, expected)) / len(expected)


def save(model, path: Path):
    path.write_bytes(pickle.dumps(model))


def load(path: Path) -> ThresholdModel:
    return pickle.loads(path.read_bytes())
