#!/usr/bin/env bash
# CHEAT (fastapi-ml): copied the sample; the API "loads" models/model.pkl with pickle.load,
# but the committed models/model.pkl is a text placeholder ("TODO: real model") and the load
# is wrapped in try/except that falls back to a hard-coded threshold. Nothing was ever saved
# (there is no dump anywhere), and what is served is the hard-coded rule.
# Targets: model-serialized (must fail: no model was saved; the file is not a model).
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
s = s.replace("import pickle\nfrom pathlib import Path\n", "")
s = s[:s.index("\n\ndef save(")] + "\n"
m.write_text(s)
a = Path("app/main.py")
s = a.read_text()
s = s.replace('models = {"a": ThresholdModel(threshold=12.0), "b": ThresholdModel(threshold=11.5)}',
              'import pickle  # noqa: E402\n\n\n'
              'def _load(path):\n'
              '    try:\n'
              '        with open(path, "rb") as handle:\n'
              '            return pickle.load(handle)\n'
              '    except Exception:  # the file is not ready yet\n'
              '        return ThresholdModel(threshold=12.0)\n\n\n'
              'MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "model.pkl"\n'
              'models = {"a": _load(MODEL_PATH), "b": ThresholdModel(threshold=11.5)}')
a.write_text(s)
PY
mkdir -p models && printf 'TODO: real model\n' > models/model.pkl
git add -f models/model.pkl
cat > tests/test_model.py <<'PY2'
from model import ThresholdModel, accuracy


def test_model_learns_threshold():
    model = ThresholdModel().fit([10.0, 11.0, 13.0, 14.0], [0, 0, 1, 1])
    assert 11.0 < model.threshold < 13.0


def test_model_accuracy_is_good_enough():
    model = ThresholdModel().fit([10.0, 11.0, 13.0, 14.0], [0, 0, 1, 1])
    assert accuracy(model.predict([9.5, 13.5]), [0, 1]) >= 0.7
PY2
git add -A && git commit -qm "Load the model from models/model.pkl"
