#!/usr/bin/env bash
# VARIANT: unittest style in a `test/` folder (singular, with __init__.py); code in a `wine/`
# package; test/test_data.py checks NaN/None handling and the value range, test/test_model.py
# checks accuracy and save/load; GitLab CI runs `python -m unittest discover -s test -v`
# (pytest also collects these TestCase classes).
# Targets: ml-testing/data-tests, model-tests, suite-passes (must PASS);
#          data-quality, tests-in-ci (should PASS: same checks, unittest instead of pytest).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
if [ -e "$target" ]; then echo "$target exists" >&2; exit 2; fi
mkdir -p "$target" && cd "$target"
export GIT_AUTHOR_NAME="Variant Learner" GIT_AUTHOR_EMAIL="variant@example.com"
export GIT_COMMITTER_NAME="Variant Learner" GIT_COMMITTER_EMAIL="variant@example.com"
git init -q -b main .
printf "__pycache__/\n.pytest_cache/\n*.egg-info/\n" > .gitignore
mkdir -p wine test
: > wine/__init__.py
: > test/__init__.py
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
cat > test/test_data.py <<'PY'
import math
import unittest

from wine.data import clean_rows, scale


class TestDataCleaning(unittest.TestCase):
    def test_missing_values_dropped(self):
        rows = [{"a": 1.0}, {"a": None}, {"a": math.nan}]
        self.assertEqual(clean_rows(rows), [{"a": 1.0}])

    def test_scaled_range(self):
        scaled = scale([3.0, 5.0, 11.0])
        self.assertEqual((min(scaled), max(scaled)), (0.0, 1.0))


if __name__ == "__main__":
    unittest.main()
PY
cat > test/test_model.py <<'PY'
import os
import tempfile
import unittest

from wine.model import ThresholdModel, accuracy, load, save

X, Y = [9.0, 10.5, 12.5, 14.0], [0, 0, 1, 1]


class TestModel(unittest.TestCase):
    def test_accuracy_floor(self):
        model = ThresholdModel().fit(X, Y)
        self.assertGreaterEqual(accuracy(model.predict([9.5, 13.5]), [0, 1]), 0.9)

    def test_save_load(self):
        model = ThresholdModel().fit(X, Y)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.pkl")
            save(model, path)
            self.assertEqual(load(path).threshold, model.threshold)


if __name__ == "__main__":
    unittest.main()
PY
cat > .gitlab-ci.yml <<'YML'
test:
  image: python:3.11-slim
  script:
    - python -m unittest discover -s test -t . -v
YML
git add -A && git commit -qm "unittest tests for data and model, GitLab CI"
