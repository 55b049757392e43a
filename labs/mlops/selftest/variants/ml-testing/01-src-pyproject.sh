#!/usr/bin/env bash
# VARIANT: src/ package layout with pyproject.toml ([tool.pytest.ini_options] pythonpath=src),
# package src/winequality/{data,model}.py, tests in tests/test_data_processing.py and
# tests/test_model.py (data quality via math.isnan and a range check); CI runs
# `pip install -e .` then `python -m pytest`.
# Targets: ml-testing/data-tests, model-tests, data-quality, suite-passes, tests-in-ci (must PASS).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
if [ -e "$target" ]; then echo "$target exists" >&2; exit 2; fi
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
git init -q -b main .
printf "__pycache__/\n.pytest_cache/\n*.egg-info/\n" > .gitignore
mkdir -p src/winequality tests .github/workflows
: > src/winequality/__init__.py
cat > src/winequality/data.py <<'PY'
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
cat > src/winequality/model.py <<'PY'
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
cat > pyproject.toml <<'TOML'
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "winequality"
version = "0.1.0"
requires-python = ">=3.9"

[tool.pytest.ini_options]
pythonpath = ["src"]
testpaths = ["tests"]
TOML
cat > tests/test_data_processing.py <<'PY'
import math

from winequality.data import clean_rows, scale


def test_rows_with_none_or_nan_are_dropped():
    rows = [{"a": 1.0}, {"a": None}, {"a": float("nan")}]
    cleaned = clean_rows(rows)
    assert cleaned == [{"a": 1.0}]
    assert not any(math.isnan(r["a"]) for r in cleaned)


def test_scaled_values_are_in_range():
    scaled = scale([3.0, 5.0, 11.0])
    assert min(scaled) == 0.0 and max(scaled) == 1.0


def test_constant_column_scales_to_zero():
    assert scale([4.0, 4.0]) == [0.0, 0.0]
PY
cat > tests/test_model.py <<'PY'
from winequality.model import ThresholdModel, accuracy, load, save

X, Y = [9.0, 10.5, 12.5, 14.0], [0, 0, 1, 1]


def test_accuracy_above_floor():
    model = ThresholdModel().fit(X, Y)
    assert accuracy(model.predict([9.5, 13.5]), [0, 1]) >= 0.9


def test_save_and_load_roundtrip(tmp_path):
    model = ThresholdModel().fit(X, Y)
    save(model, tmp_path / "model.pkl")
    assert load(tmp_path / "model.pkl").predict(X) == model.predict(X)
PY
cat > .github/workflows/ci.yml <<'YML'
name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install -e . pytest
      - run: python -m pytest
YML
git add -A && git commit -qm "winequality package with data and model tests and CI"
