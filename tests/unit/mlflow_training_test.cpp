// The mlflow check with `train:`: the learner's training runs in a scratch
// copy with MLFLOW_TRACKING_URI pointed at a fresh store, and only the runs it
// wrote are judged. MLflow cannot be installed here, so the "training" of
// these repositories writes what a real MLflow 2.22 wrote (the fixture store
// committed beside it) where MLflow would have written it.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(LABS_SOURCE_DIR) / "tests/fixtures/mlflow";

/// A repository with a real MLflow store under recorded/ for its training to write.
struct TrainingRepo {
  TempDir temp;
  TestRepo repo{temp.path()};
  TrainingRepo() {
    fs::create_directories(temp.path() / "recorded");
    fs::copy(kFixtures / "filestore-v2-runs/mlruns", temp.path() / "recorded/mlruns", fs::copy_options::recursive);
  }
  const fs::path& dir() const { return temp.path(); }
};

/// Writes the recorded runs to `target` as a training run now would: the
/// same files, with the run's start time set to now.
const char* const kWriteRuns =
    "import os, re, shutil, time\n"
    "def write_runs(target):\n"
    "    shutil.copytree('recorded/mlruns', target, dirs_exist_ok=True)\n"
    "    for folder, _, files in os.walk(target):\n"
    "        if 'meta.yaml' in files and os.path.basename(folder) != 'models':\n"
    "            path = os.path.join(folder, 'meta.yaml')\n"
    "            text = open(path).read()\n"
    "            now = int(time.time() * 1000)\n"
    "            open(path, 'w').write(re.sub(r'start_time: \\d+', f'start_time: {now}', text))\n";

/// Training that writes its runs where MLflow's tracking URI points.
const std::string kTrainToUri = std::string(kWriteRuns) +
                                "uri = os.environ.get('MLFLOW_TRACKING_URI', 'file:./mlruns')\n"
                                "write_runs(uri.removeprefix('file://'))\n";

}  // namespace

TEST_CASE("mlflow train: the runs the training wrote are judged, in a copy of the work tree", "[mlflow][probes]") {
  TrainingRepo p;
  p.repo.write("train.py", kTrainToUri);
  p.repo.commit("Training");
  const auto outcome = run_step(
      "mlflow: {train: 'python3 train.py', experiment: wine_quality_experiment, runs: {min: 5},"
      " params: [n_neighbors], metrics: [test_r2]}",
      p.dir());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("your training (python3 train.py) ran in a scratch copy"));
  CHECK_THAT(outcome.evidence, Catch::Contains("judged the 5 run(s) it wrote:\n5 run(s) FINISHED"));
  CHECK_THAT(outcome.evidence, Catch::Contains("store: "));
  // Nothing of it lands in the learner's tree.
  CHECK_FALSE(fs::exists(p.dir() / ".labs-mlruns"));
  CHECK_FALSE(fs::exists(p.dir() / "mlruns"));
}

TEST_CASE("mlflow train: committed runs prove nothing when the training writes none", "[mlflow][probes]") {
  TrainingRepo p;
  fs::copy(p.dir() / "recorded/mlruns", p.dir() / "mlruns", fs::copy_options::recursive);
  p.repo.write("train.py", "print('training... done')\n");
  p.repo.commit("Runs from last month");
  const auto judged_as_is = run_step("mlflow: {runs: {min: 5}}", p.dir());
  CHECK(judged_as_is.status == Status::pass);  // the store as committed has them
  const auto outcome = run_step("mlflow: {train: 'python3 train.py', runs: {min: 1}}", p.dir());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("but wrote no MLflow run (mlruns (file store) has no run that "
                                               "started during it)"));
}

TEST_CASE("mlflow train: old runs copied from elsewhere are not fresh, an old mlflow.db does not hide new runs",
          "[mlflow][probes]") {
  TrainingRepo p;
  SECTION("the training copies archived runs as they are") {
    p.repo.write("train.py",
                 "import os, shutil\nshutil.copytree('recorded/mlruns', "
                 "os.environ['MLFLOW_TRACKING_URI'].removeprefix('file://'))\n");
    p.repo.commit("Training");
    const auto outcome = run_step("mlflow: {train: 'python3 train.py'}", p.dir());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("has no run that started during it"));
  }
  SECTION("a committed mlflow.db from an earlier lesson, new runs in ./mlruns") {
    fs::copy(kFixtures / "sqlite/mlflow.db", p.dir() / "mlflow.db");
    p.repo.write("train.py", std::string(kWriteRuns) + "write_runs('mlruns')\n");
    p.repo.commit("Training");
    const auto outcome = run_step("mlflow: {train: 'python3 train.py', runs: {min: 5}}", p.dir());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("store: mlruns (file store)"));
  }
}

TEST_CASE("mlflow train: a store the code sets itself is found, and a crash shows its output", "[mlflow][probes]") {
  TrainingRepo p;
  SECTION("the training writes ./mlruns whatever the tracking URI says") {
    p.repo.write("train.py", std::string(kWriteRuns) + "write_runs('mlruns')\n");
    p.repo.commit("Training");
    const auto outcome = run_step("mlflow: {train: 'python3 train.py', runs: {min: 5}}", p.dir());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("5 run(s) FINISHED"));
  }
  SECTION("the training crashes") {
    p.repo.write("train.py", "raise SystemExit('data/wine.csv not found: run dvc pull')\n");
    p.repo.commit("Training");
    const auto outcome = run_step("mlflow: {train: 'python3 train.py'}", p.dir());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("your training (python3 train.py) exited with 1"));
    CHECK_THAT(outcome.evidence, Catch::Contains("data/wine.csv not found: run dvc pull"));
  }
}

TEST_CASE("mlflow train auto: a Makefile target or a train script in a package is found and run", "[mlflow][probes]") {
  TrainingRepo p;
  SECTION("a src layout with a relative import, run as a module") {
    p.repo.write("src/wine/__init__.py", "");
    p.repo.write("src/wine/paths.py", "RECORDED = 'recorded/mlruns'\n");
    p.repo.write("src/wine/train.py",
                 "from .paths import RECORDED\n" + std::string(kWriteRuns) +
                     "if __name__ == '__main__':\n"
                     "    write_runs(os.environ['MLFLOW_TRACKING_URI'].removeprefix('file://'))\n");
    p.repo.write("train_config.py", "N_ESTIMATORS = 100\n");
    p.repo.write("tests/train_helpers.py", "raise SystemExit('not the training')\n");
    p.repo.commit("Package");
    const auto outcome = run_step("mlflow: {train: auto, runs: {min: 5}}", p.dir());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("your training (src/wine/train.py) ran"));
  }
  SECTION("a Makefile's train target") {
    p.repo.write("Makefile", "TRAIN_FLAGS := -q\n\ntrain:\n\tpython3 scripts/fit.py\n");
    p.repo.write("scripts/fit.py", kTrainToUri);
    p.repo.commit("Makefile");
    const auto outcome = run_step("mlflow: {train: auto, runs: {min: 5}}", p.dir());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("your training (the Makefile's train target) ran"));
  }
  SECTION("nothing to train") {
    p.repo.write("README.md", "# no training yet\n");
    p.repo.commit("Start");
    const auto outcome = run_step("mlflow: {train: auto}", p.dir());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("no training to run"));
  }
}

TEST_CASE("mlflow train: without MLflow in the environment the step is skipped, never passed", "[mlflow][probes]") {
  REQUIRE(std::system("/usr/bin/python3 -c 'import mlflow' 2>/dev/null") != 0);  // as on Debian 12
  TrainingRepo p;
  p.repo.write("train.py", "import mlflow\nmlflow.log_metric('accuracy', 0.9)\n");
  p.repo.commit("Training");
  const auto outcome = run_step("mlflow: {train: auto}", p.dir());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::skip);
  CHECK_THAT(outcome.evidence, Catch::Contains("MLflow is not importable in your environment"));
}

TEST_CASE("mlflow train: lint", "[mlflow]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("mlflow: {train: 'python3 train.py', store: mlruns}", diagnostics));
  CHECK_FALSE(test::parse_step("mlflow: {train_timeout: 60}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("give 'store' or 'train'"));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'train_timeout' needs 'train'"));
}
