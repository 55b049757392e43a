import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "monitoring"))
from drift import drifted_features, ks_statistic  # noqa: E402


def test_identical_samples_do_not_drift():
    sample = [9.5, 10.0, 11.2, 12.8, 13.1]
    assert ks_statistic(sample, sample) == 0.0


def test_a_shifted_feature_drifts():
    reference = {"alcohol": [9.5, 10.0, 11.2, 12.8, 13.1], "acidity": [0.3, 0.4, 0.5]}
    current = {"alcohol": [13.9, 14.2, 14.8, 15.0, 15.5], "acidity": [0.3, 0.4, 0.5]}
    assert drifted_features(reference, current) == ["alcohol"]
