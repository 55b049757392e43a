#!/usr/bin/env bash
# CHEAT: tests that catch no bug. prep.py and model.py are broken (missing values are kept,
# scaling is wrong, fit learns nothing, save writes nothing), yet the data and model tests
# still pass: they check the type/length of results or recompute on literals, never the
# behaviour.
# Targets: ml-testing/data-tests, model-tests (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
cat > src/prep.py <<'PY'
"""Data preparation (broken)."""


def drop_incomplete(rows):
    return list(rows)


def normalize(values):
    return [float(v) for v in values]
PY
cat > src/model.py <<'PY'
"""A wine classifier (broken)."""
from pathlib import Path


class ThresholdModel:
    def __init__(self, threshold=12.0):
        self.threshold = threshold

    def fit(self, alcohol, labels):
        return self

    def predict(self, alcohol):
        return [0 for _ in alcohol]


def accuracy(predicted, expected):
    return 0.0


def save(model, path: Path):
    pass


def load(path: Path):
    return ThresholdModel()
PY
cat > tests/test_data.py <<'PY'
from prep import drop_incomplete, normalize


def test_data_drop_returns_a_list():
    rows = [{"alcohol": 12.0, "acidity": 0.3}, {"alcohol": None, "acidity": 0.2}]
    assert isinstance(drop_incomplete(rows), list)


def test_data_normalize_keeps_length():
    assert len(normalize([2.0, 4.0, 8.0])) == 3


def test_data_scaling_by_hand():
    values = [2.0, 4.0, 8.0]
    assert [v / 8.0 for v in values][-1] == 1.0
PY
cat > tests/test_model.py <<'PY'
from model import ThresholdModel, accuracy, load, save


def test_model_fit_returns_model():
    assert isinstance(ThresholdModel().fit([10.0, 14.0], [0, 1]), ThresholdModel)


def test_model_accuracy_is_a_number():
    assert isinstance(accuracy([1], [1]), float)


def test_model_save_and_load(tmp_path):
    save(ThresholdModel(12.5), tmp_path / "m.pkl")
    assert load(tmp_path / "m.pkl") is not None
PY
git add -A && git commit -qm "Refactor prep and model; add tests"
