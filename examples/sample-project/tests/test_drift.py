import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "monitoring"))
from drift import drifted_features, ks_statistic  # noqa: E402


def test_same_data_does_not_drift():
    data = [float(x) for x in range(100)]
    assert ks_statistic(data, data) == 0.0


def test_a_shifted_feature_drifts():
    reference = {"alcohol": [10.0 + x / 10 for x in range(50)], "acidity": [0.3] * 50}
    current = {"alcohol": [14.0 + x / 10 for x in range(50)], "acidity": [0.3] * 50}
    assert drifted_features(reference, current) == ["alcohol"]
