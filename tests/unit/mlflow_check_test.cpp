// The `mlflow` check on learner repositories holding real MLflow stores
// (the fixtures of tests/fixtures/mlflow copied in).
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(LABS_SOURCE_DIR) / "tests/fixtures/mlflow";

/// A repository with a fixture's files at its root (mlruns/, mlartifacts/ or mlflow.db).
struct StoreRepo {
  test::TempDir temp;
  test::TestRepo repo{temp.path()};
  explicit StoreRepo(const std::string& fixture) {
    repo.write("README.md", "# project\n");
    repo.commit("Start");
    std::filesystem::copy(kFixtures / fixture, temp.path(), std::filesystem::copy_options::recursive);
  }
  const std::filesystem::path& dir() const { return temp.path(); }
};

}  // namespace

TEST_CASE("mlflow check: runs, params, thresholds and different settings in a file store", "[mlflow]") {
  StoreRepo p("filestore-v2-runs");
  const auto outcome = run_step(
      "mlflow: {experiment: wine_quality_experiment, runs: {min: 5}, params: [n_neighbors, test_size],"
      " metrics: [test_r2], thresholds: {test_r2: '>= 0.15', test_mae: '<= 0.6'}, distinct_params: 5}",
      p.dir());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence,
             Catch::StartsWith("5 run(s) FINISHED in experiment 'wine_quality_experiment', best test_r2 "
                               "0.1693 ≥ 0.15, best test_mae 0.599 ≤ 0.6, 5 different param settings"));
  CHECK_THAT(outcome.evidence, Catch::EndsWith("store: mlruns (file store)"));

  CHECK(run_step("mlflow: {experiment: wine_quality_experiment, thresholds: {test_r2: '>= 0.5'}}", p.dir()).evidence ==
        "best test_r2 is 0.1693, need >= 0.5\nstore: mlruns (file store)");
  CHECK_THAT(run_step("mlflow: {experiment: wine, runs: {min: 1}}", p.dir()).evidence,
             Catch::StartsWith("no experiment named 'wine' (experiments: 'Default', 'wine_quality_experiment')"));
  CHECK_THAT(run_step("mlflow: {params: [alpha, max_depth]}", p.dir()).evidence,
             Catch::StartsWith("no run logs all that is asked; the closest lacks param max_depth"));
  CHECK_THAT(run_step("mlflow: {runs: {min: 6}}", p.dir()).evidence,
             Catch::StartsWith("5 run(s) FINISHED, need at least 6"));
  CHECK(run_step("mlflow: {min_params: 6, min_metrics: 6}", p.dir()).status == Status::pass);  // the elasticnet runs
  CHECK_THAT(run_step("mlflow: {min_params: 7}", p.dir()).evidence,
             Catch::StartsWith("no run logs all that is asked; the closest lacks params (5 of 7)"));
}

TEST_CASE("mlflow check: a logged model needs its flavor and its files", "[mlflow]") {
  StoreRepo p("filestore-v3");
  const auto missing = run_step("mlflow: {model: {flavor: sklearn}}", p.dir());
  CHECK(missing.status == Status::fail);
  CHECK_THAT(missing.evidence, Catch::Contains("MLmodel names model.pkl, which is missing"));
  for (const auto& entry : std::filesystem::directory_iterator(p.dir() / "mlruns/516221907975278643/models")) {
    test::write_text(entry.path() / "artifacts/model.pkl", "pickle");
  }
  const auto present = run_step("mlflow: {model: {flavor: sklearn}}", p.dir());
  INFO(present.evidence);
  CHECK(present.status == Status::pass);
  CHECK_THAT(present.evidence, Catch::Contains("model m-") && Catch::Contains("(python_function, sklearn)"));
  CHECK_THAT(run_step("mlflow: {model: {flavor: keras}}", p.dir()).evidence,
             Catch::Contains("has flavors python_function, sklearn, not keras"));
}

TEST_CASE("mlflow check: a run that never ended is named", "[mlflow]") {
  StoreRepo p("sqlite");
  const auto outcome = run_step("mlflow: {experiment: my-experiment-1, runs: {min: 2}}", p.dir());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence,
             Catch::StartsWith("1 run(s) FINISHED in experiment 'my-experiment-1', need at least 2\n"
                               "run sneaky-mouse-871 (42cfa398) is still RUNNING: it never ended — did "
                               "the script crash or miss end_run()?"));
  CHECK_THAT(outcome.evidence, Catch::EndsWith("store: mlflow.db (SQLite)"));
}

TEST_CASE("mlflow check: metric history and the registry", "[mlflow]") {
  StoreRepo sqlite("sqlite");
  CHECK(run_step("mlflow: {history: {metric: validation-rmse, min_steps: 83}}", sqlite.dir()).status == Status::pass);
  CHECK_THAT(run_step("mlflow: {history: {metric: validation-rmse, min_steps: 200}}", sqlite.dir()).evidence,
             Catch::StartsWith("the longest history of 'validation-rmse' has 166 step(s), need 200"));
  CHECK_THAT(run_step("mlflow: {registered: {name: nyc-taxi-model, alias: staging}}", sqlite.dir()).evidence,
             Catch::Contains("registered model 'nyc-taxi-model' with 1 version(s) (alias staging → v1)"));
  CHECK_THAT(run_step("mlflow: {registered: {alias: champion}}", sqlite.dir()).evidence,
             Catch::StartsWith(
                 "no registered a model with the alias champion (1 version(s) at least); registered: nyc-taxi-model"));

  StoreRepo stages("filestore-run-status");
  CHECK(run_step("mlflow: {registered: {stage: Production, min_versions: 2}}", stages.dir()).status == Status::pass);
  CHECK(run_step("mlflow: {registered: {stage: Staging}}", stages.dir()).status == Status::fail);
}

TEST_CASE("mlflow check: where the store is", "[mlflow]") {
  StoreRepo p("sqlite");
  std::filesystem::create_directories(p.dir() / "tracking");
  std::filesystem::rename(p.dir() / "mlflow.db", p.dir() / "tracking/runs.db");
  CHECK_THAT(run_step("mlflow: {}", p.dir()).evidence,
             Catch::StartsWith("no MLflow store: no mlflow.db or mlruns/ in the repository"));
  test::write_text(p.dir() / ".env", "export MLFLOW_TRACKING_URI=\"sqlite:///tracking/runs.db\"\n");
  CHECK_THAT(run_step("mlflow: {}", p.dir()).evidence, Catch::EndsWith("store: tracking/runs.db (SQLite)"));
  CHECK_THAT(run_step("mlflow: {store: tracking/runs.db}", p.dir()).evidence,
             Catch::EndsWith("store: tracking/runs.db (SQLite)"));
  test::write_text(p.dir() / "broken.db", "not a database, only text\n");
  CHECK_THAT(run_step("mlflow: {store: broken.db}", p.dir()).evidence,
             Catch::StartsWith("the MLflow store broken.db cannot be read: broken.db is not an SQLite database"));
}

TEST_CASE("mlflow check: lab mistakes are load errors", "[mlflow]") {
  for (const auto& [yaml, message] : std::vector<std::pair<std::string, std::string>>{
           {"mlflow: {thresholds: {accuracy: 'at least 0.7'}}", "threshold of 'accuracy' must look like '>= 0.7'"},
           {"mlflow: {status: DONE}", "'status' is one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED"},
           {"mlflow: {store: ../elsewhere/mlruns}", ".."},
           {"mlflow: {registred: {}}", "did you mean 'registered'?"}}) {
    Diagnostics diagnostics;
    CHECK(test::parse_step(yaml, diagnostics) == nullptr);
    CHECK_THAT(test::messages(diagnostics), Catch::Contains(message));
  }
}
