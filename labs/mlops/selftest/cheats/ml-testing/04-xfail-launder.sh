#!/usr/bin/env bash
# CHEAT: failing tests laundered as "expected failures". The model code is broken, every
# model test fails, and each carries @pytest.mark.xfail, so pytest exits 0 and JUnit reports
# them as skipped; a data test is skipped with pytest.skip at module level.
# Targets: ml-testing/model-tests (must FAIL: no model test passes), suite-passes (must FAIL).
set -euo pipefail
target=${1:?usage: $0 TARGET_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export GIT_AUTHOR_NAME="Cheating Learner" GIT_AUTHOR_EMAIL="cheat@example.com"
export GIT_COMMITTER_NAME="Cheating Learner" GIT_COMMITTER_EMAIL="cheat@example.com"
bash "$here/../../../../../examples/make-sample-repo.sh" "$target" >/dev/null
cd "$target"
sed -i 's/return \[1 if a > self.threshold else 0 for a in alcohol\]/return [0 for a in alcohol]/' src/model.py
sed -i 's/^def test_/@pytest.mark.xfail(reason="flaky")\ndef test_/' tests/test_model.py
sed -i '1i import pytest' tests/test_model.py
sed -i 's/assert load(path).threshold == 12.5/assert load(path).threshold == 13.0/' tests/test_model.py
sed -i 's/assert 11.0 < model.threshold < 13.0/assert model.predict([14.0]) == [1]/' tests/test_model.py
cat > tests/test_data_extra.py <<'PY'
import pytest

pytest.skip("data checks later", allow_module_level=True)
PY
git add -A && git commit -qm "Mark flaky model tests"
