#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample, then dropped the saving/loading: src/model.py has no
# pickle any more, and the API "loads" its model with a function called load_model() that
# trains the threshold model on a few inline rows at every start. No file is written or read.
# Targets: model-serialized (must fail: nothing is saved to or loaded from a file).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-02-04T10:00:00Z" GIT_COMMITTER_DATE="2026-02-04T10:00:00Z"
python3 - <<'PY'
from pathlib import Path
m = Path("src/model.py")
s = m.read_text()
s = s.replace('"""A small, dependency-free wine classifier, saved and loaded with pickle."""\nimport pickle\nfrom pathlib import Path\n',
              '"""A small, dependency-free wine classifier."""\n')
s = s[:s.index("\n\ndef save(")] + "\n"
m.write_text(s)
a = Path("app/main.py")
s = a.read_text()
s = s.replace('models = {"a": ThresholdModel(threshold=12.0), "b": ThresholdModel(threshold=11.5)}',
              'def load_model(shift=0.0):\n'
              '    """Fit on a handful of known wines (quicker than shipping a file)."""\n'
              '    alcohol = [11.0 + shift, 11.4 + shift, 12.8 + shift, 13.6 + shift]\n'
              '    return ThresholdModel().fit(alcohol, [0, 0, 1, 1])\n\n\n'
              'models = {"a": load_model(), "b": load_model(shift=-0.5)}')
a.write_text(s)
PY
grep -q "def load_model" app/main.py && ! grep -q pickle src/model.py
cat > tests/test_model.py <<'PY2'
from model import ThresholdModel, accuracy


def test_model_learns_threshold():
    model = ThresholdModel().fit([10.0, 11.0, 13.0, 14.0], [0, 0, 1, 1])
    assert 11.0 < model.threshold < 13.0


def test_model_accuracy_is_good_enough():
    model = ThresholdModel().fit([10.0, 11.0, 13.0, 14.0], [0, 0, 1, 1])
    assert accuracy(model.predict([9.5, 13.5]), [0, 1]) >= 0.7
PY2
git add -A && git commit -qm "Load the model when the API starts"
