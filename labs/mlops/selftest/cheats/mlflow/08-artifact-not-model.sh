#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample but replaced mlflow.sklearn.log_model with a
# pickle uploaded as a plain file: mlflow.log_artifact("model.pkl"). The runs hold
# artifacts/model.pkl only: no MLmodel, no flavor, nothing MLflow can load as a model.
# Targets: model-logged (must fail: no MLflow model in any run).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
bash "$(dirname "$0")/../../reference.sh" "$target"
cd "$target"
export GIT_AUTHOR_NAME="Cheat Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheat Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
export GIT_AUTHOR_DATE="2026-01-14T10:00:00Z" GIT_COMMITTER_DATE="2026-01-14T10:00:00Z"
python3 - <<'PY'
from pathlib import Path
p = Path("src/train.py")
s = p.read_text().replace(
    '        mlflow.sklearn.log_model(model, "model")\n',
    '        import pickle\n'
    '        with open("model.pkl", "wb") as handle:\n'
    '            pickle.dump(model, handle)\n'
    '        mlflow.log_artifact("model.pkl")\n')
p.write_text(s)
for run in Path("mlruns").glob("*/*/artifacts"):
    model_dir = run / "model"
    if model_dir.is_dir():
        (run / "model.pkl").write_bytes((model_dir / "model.pkl").read_bytes())
        for f in model_dir.iterdir():
            f.unlink()
        model_dir.rmdir()
PY
git add -A && git commit -qm "Log the pickled model as an artifact"
