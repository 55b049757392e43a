#!/usr/bin/env bash
# VARIANT: tests named after what they test, not after the word "data":
# tests/test_preprocessing.py (clean_rows/scale) and tests/test_model.py. The quality checks
# are plain comparisons: every scaled value satisfies 0.0 <= v <= 1.0 and the cleaned rows
# keep exactly the expected fields (set equality) and no `v is None`-free value is NaN (v == v).
# Targets: ml-testing/data-tests (should PASS: they are the data-processing tests),
#          data-quality (should PASS: range + schema are asserted), model-tests, suite-passes,
#          tests-in-ci (must PASS).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
if [ -e "$target" ]; then echo "$target exists" >&2; exit 2; fi
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
git init -q -b main .
printf "__pycache__/\n.pytest_cache/\n*.egg-info/\n" > .gitignore
mkdir -p src tests .github/workflows
cat > src/prep.py <<'PY'
"""Data preparation: cleaning and scaling of wine measurements."""
import math


def clean_rows(rows):
    """Drop rows with a missing (None or NaN) value."""
    return [r for r in rows if all(v is not None and not (isinstance(v, float) and math.isnan(v)) for v in r.values())]


def scale(values):
    """Min-max scale to [0, 1]."""
    lo, hi = min(values), max(values)
    if hi == lo:
        return [0.0 for _ in values]
    return [(v - lo) / (hi - lo) for v in values]
PY
cat > src/model.py <<'PY'
"""A tiny threshold classifier, saved with pickle."""
import pickle


class ThresholdModel:
    def __init__(self, threshold=12.0):
        self.threshold = threshold

    def fit(self, xs, ys):
        pos = [x for x, y in zip(xs, ys) if y == 1]
        neg = [x for x, y in zip(xs, ys) if y == 0]
        self.threshold = (min(pos) + max(neg)) / 2
        return self

    def predict(self, xs):
        return [1 if x > self.threshold else 0 for x in xs]


def accuracy(pred, true):
    return sum(p == t for p, t in zip(pred, true)) / len(true)


def save(model, path):
    with open(path, "wb") as fh:
        pickle.dump(model, fh)


def load(path):
    with open(path, "rb") as fh:
        return pickle.load(fh)
PY
cat > tests/conftest.py <<'PY'
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
PY
cat > tests/test_preprocessing.py <<'PY'
from prep import clean_rows, scale

ROWS = [{"alcohol": 12.0, "acidity": 0.3}, {"alcohol": float("nan"), "acidity": 0.2}]


def test_incomplete_rows_are_dropped():
    assert clean_rows(ROWS) == [ROWS[0]]


def test_cleaned_rows_keep_their_fields_and_are_numbers():
    for row in clean_rows(ROWS):
        assert set(row) == {"alcohol", "acidity"}
        assert all(isinstance(v, float) and v == v for v in row.values())


def test_scaled_values_lie_between_zero_and_one():
    assert all(0.0 <= v <= 1.0 for v in scale([3.0, 5.0, 11.0]))
PY
cat > tests/test_model.py <<'PY'
from model import ThresholdModel, accuracy, load, save

X, Y = [9.0, 10.5, 12.5, 14.0], [0, 0, 1, 1]


def test_model_accuracy_floor():
    assert accuracy(ThresholdModel().fit(X, Y).predict([9.5, 13.5]), [0, 1]) >= 0.9


def test_model_save_load(tmp_path):
    save(ThresholdModel(12.5), tmp_path / "m.pkl")
    assert load(tmp_path / "m.pkl").threshold == 12.5
PY
cat > .github/workflows/ci.yml <<'YML'
name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install pytest && pytest -q
YML
git add -A && git commit -qm "Preprocessing and model tests"
