#!/usr/bin/env bash
# CHEAT (mlflow-tracking): copied the sample; the "experiments" are the same training run
# three times with the same settings (n_estimators=100, max_depth=6, test_size=0.2). To look
# like different settings, train.py also logs the start time as a parameter, so the three
# param sets differ only by `started_at`.
# Targets: experiments-run (must fail: one setting, run three times).
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
s = p.read_text()
s = s.replace("        mlflow.log_params(params)\n",
              "        mlflow.log_params(params)\n"
              "        mlflow.log_param(\"started_at\", __import__(\"datetime\").datetime.now().isoformat())\n")
p.write_text(s)
exp = Path("mlruns/482917365018273645")
for i, run in enumerate(sorted(d for d in exp.iterdir() if (d / "params").is_dir())):
    (run / "params" / "n_estimators").write_text("100")
    (run / "params" / "max_depth").write_text("6")
    (run / "params" / "test_size").write_text("0.2")
    (run / "params" / "started_at").write_text(f"2025-11-22T08:0{i}:00.{i}31337")
    (run / "metrics" / "accuracy").write_text(f"176380030{i}000 0.944 0\n")
PY
git add -A && git commit -qm "Log when each run started"
