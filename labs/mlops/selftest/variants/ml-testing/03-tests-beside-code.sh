#!/usr/bin/env bash
# VARIANT: tests beside the code: wine/data.py + wine/test_data.py, wine/model.py +
# wine/test_model.py (package with __init__.py); GitHub CI runs `python -m pytest wine`.
# Targets: ml-testing/data-tests, model-tests, suite-passes, tests-in-ci (must PASS);
#          data-quality (should PASS: the data test asserts no None/NaN and the range).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
if [ -e "$target" ]; then echo "$target exists" >&2; exit 2; fi
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
git init -q -b main .
printf "__pycache__/\n.pytest_cache/\n*.egg-info/\n" > .gitignore
mkdir -p wine .github/workflows
: > wine/__init__.py
cat > wine/data.py <<'PY'
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
cat > wine/model.py <<'PY'
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
cat > wine/test_data.py <<'PY'
from wine.data import clean_rows, scale


def test_missing_values_dropped():
    assert clean_rows([{"a": 1.0}, {"a": None}, {"a": float("nan")}]) == [{"a": 1.0}]


def test_scaled_range():
    scaled = scale([3.0, 5.0, 11.0])
    assert min(scaled) == 0.0 and max(scaled) == 1.0
PY
cat > wine/test_model.py <<'PY'
from wine.model import ThresholdModel, accuracy, load, save

X, Y = [9.0, 10.5, 12.5, 14.0], [0, 0, 1, 1]


def test_accuracy_floor():
    assert accuracy(ThresholdModel().fit(X, Y).predict([9.5, 13.5]), [0, 1]) >= 0.9


def test_save_load(tmp_path):
    save(ThresholdModel(12.5), tmp_path / "m.pkl")
    assert load(tmp_path / "m.pkl").threshold == 12.5
PY
cat > .github/workflows/ci.yml <<'YML'
name: ci
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install pytest
      - run: python -m pytest wine
YML
git add -A && git commit -qm "Tests next to the code"
