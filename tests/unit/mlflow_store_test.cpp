// The MLflow readers on real stores written by MLflow (tests/fixtures/mlflow,
// a copy of shared/fixtures/mlflow): expected values are those SOURCES.md
// lists for each fixture. Then broken stores: a clear error, never a crash.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/formats/mlflow_store.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

using namespace labkit;
using namespace labkit::mlflow;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(LABS_SOURCE_DIR) / "tests/fixtures/mlflow";

Store read(const std::string& relative) {
  const ReadResult result = read_store(kFixtures / relative);
  INFO(result.error);
  REQUIRE(result.store);
  return *result.store;
}

const Experiment& experiment(const Store& store, const std::string& id) {
  for (const auto& e : store.experiments) {
    if (e.id == id) return e;
  }
  FAIL("no experiment " << id);
  throw;
}

const Run& run(const Store& store, const std::string& id) {
  for (const auto& e : store.experiments) {
    for (const auto& r : e.runs) {
      if (r.id == id) return r;
    }
  }
  FAIL("no run " << id);
  throw;
}

std::size_t count(const Experiment& e, RunStatus status, bool deleted = false) {
  return static_cast<std::size_t>(std::count_if(
      e.runs.begin(), e.runs.end(), [&](const Run& r) { return r.status == status && r.deleted == deleted; }));
}

}  // namespace

TEST_CASE("mlflow: MLflow 2.22 file store, five runs with models", "[mlflow]") {
  const Store store = read("filestore-v2-runs/mlruns");
  CHECK(store.kind == "file store");
  CHECK(store.problems.empty());
  REQUIRE(store.experiments.size() == 2);
  CHECK(experiment(store, "0").name == "Default");
  const Experiment& wine = experiment(store, "370669430888648421");
  CHECK(wine.name == "wine_quality_experiment");
  CHECK(count(wine, RunStatus::finished) == 5);
  const Run& knn = run(store, "1c0417ce914b446091744d2bf7b5cf6f");
  CHECK(knn.name == "knn_12495e24");
  CHECK(knn.start_time == 1748096814385);
  CHECK(knn.end_time == 1748096818445);
  CHECK(knn.latest("test_r2") == 0.16926719035833415);
  CHECK(knn.latest("test_mae") == 0.599);
  CHECK(knn.params.at("n_neighbors") == "10");  // no trailing newline in param files
  CHECK(knn.params.size() == 5);
  CHECK(knn.tags.at("mlflow.user") == "danie");
  CHECK(store.models.size() == 5);
  for (const auto& model : store.models) {
    const MlModel mlmodel = read_mlmodel(model.directory);
    CHECK(mlmodel.error.empty());
    CHECK(std::find(mlmodel.flavors.begin(), mlmodel.flavors.end(), "sklearn") != mlmodel.flavors.end());
    CHECK(mlmodel.missing_files == std::vector<std::string>{"model.pkl"});  // omitted from the fixture
  }
}

TEST_CASE("mlflow: a served store with mlartifacts, keys with spaces, the registry and a trashed experiment",
          "[mlflow]") {
  const Store store = read("filestore-registry/mlruns");
  CHECK(store.problems.empty());
  CHECK(store.experiments.size() == 6);
  const auto trashed = std::count_if(store.experiments.begin(), store.experiments.end(),
                                     [](const Experiment& e) { return e.deleted && e.name == "X-Ray Pneumonia"; });
  CHECK(trashed == 1);
  CHECK(count(experiment(store, "168696106470894349"), RunStatus::finished) == 4);
  const Run& cnn = run(store, "2cef175d73c5492e8dc5b16e984c3105");
  CHECK(cnn.name == "CNN with small dense layer");
  CHECK(cnn.latest("test accuracy") == 0.8317307829856873);
  CHECK(cnn.params.at("batch size") == "128");
  CHECK(cnn.tags.count("Training Info"));
  CHECK(run(store, "863b7a1434c040b89c06974255b10e13").experiment_id == "168696106470894349");  // double-quoted YAML
  CHECK(store.models.size() == 4);  // MLmodel under mlartifacts/, not mlruns/
  REQUIRE(store.registry.size() == 1);
  const RegisteredModel& xray = store.registry[0];
  CHECK(xray.name == "Xray_classifier");
  REQUIRE(xray.versions.size() == 3);
  CHECK(xray.versions[0].run_id == "863b7a1434c040b89c06974255b10e13");
  CHECK(xray.versions[2].stage == "None");
  CHECK(xray.aliases == std::map<std::string, int>{{"baseline", 3}, {"challenger", 1}, {"champion", 2}});
}

TEST_CASE("mlflow: MLflow 3.7 logged models and duplicated metric lines", "[mlflow]") {
  const Store store = read("filestore-v3/mlruns");
  CHECK(store.problems.empty());
  CHECK(count(experiment(store, "516221907975278643"), RunStatus::finished) == 3);
  const Run& elasticnet = run(store, "08226ccc86194e9780d2931109f93380");
  CHECK(elasticnet.metrics.at("test_mae").points == 2);
  CHECK(elasticnet.latest("test_mae") == 0.6453803508338732);
  REQUIRE(store.models.size() == 3);
  for (const auto& model : store.models) {
    CHECK(model.id.starts_with("m-"));
    CHECK_FALSE(model.run_id.empty());
    const MlModel mlmodel = read_mlmodel(model.directory);
    CHECK(mlmodel.error.empty());
    CHECK(mlmodel.flavors == std::vector<std::string>{"python_function", "sklearn"});
  }
}

TEST_CASE("mlflow: FAILED and RUNNING runs, registry stages", "[mlflow]") {
  const Store store = read("filestore-run-status/mlruns");
  const Experiment& default_experiment = experiment(store, "0");
  CHECK(count(default_experiment, RunStatus::finished) == 29);
  CHECK(count(default_experiment, RunStatus::failed) == 8);
  CHECK(count(default_experiment, RunStatus::running) == 1);
  CHECK_FALSE(run(store, "eebbc3f749c44c88b2bb8ed2f55572ea").end_time.has_value());
  CHECK(store.registry.size() == 4);
  std::map<std::string, int> stages;
  std::size_t versions = 0;
  for (const auto& model : store.registry) {
    versions += model.versions.size();
    for (const auto& version : model.versions) ++stages[version.stage];
  }
  CHECK(versions == 8);
  CHECK(stages == std::map<std::string, int>{{"Archived", 1}, {"None", 5}, {"Production", 2}});
  CHECK(store.models.size() == 14);
}

TEST_CASE("mlflow: soft-deleted runs stay in their experiment", "[mlflow]") {
  const Store store = read("filestore-deleted-runs/mlruns");
  const Experiment& digits = experiment(store, "106513280649305973");
  CHECK(digits.runs.size() == 20);
  CHECK(count(digits, RunStatus::finished) == 3);
  CHECK(count(digits, RunStatus::finished, true) == 4);
  CHECK(count(digits, RunStatus::failed, true) == 13);
}

TEST_CASE("mlflow: a pre-2.0 store with a ten-step history and a stray folder", "[mlflow]") {
  const Store store = read("filestore-v1-legacy/mlruns");
  CHECK(store.experiments.size() == 2);  // mlruns/mlruns/ has no meta.yaml: not an experiment
  std::size_t runs = 0;
  const Run* found = nullptr;
  for (const auto& e : store.experiments) {
    for (const auto& r : e.runs) {
      ++runs;
      found = &r;
    }
  }
  REQUIRE(runs == 1);
  CHECK(found->status == RunStatus::finished);
  const auto& loss = found->metrics.at("loss");
  CHECK(loss.points == 10);
  CHECK(loss.latest.step == 9);
  CHECK(found->latest("loss") == 234.7978057861328);
}

TEST_CASE("mlflow: SQLite stores of MLflow 2.13 and 3.x", "[mlflow]") {
  const Store v2 = read("sqlite/mlflow.db");
  CHECK(v2.kind == "SQLite");
  CHECK(v2.problems.empty());
  CHECK(v2.experiments.size() == 3);
  const Experiment& taxi = experiment(v2, "1");
  CHECK(taxi.name == "nyc-taxi-experiment");
  CHECK(count(taxi, RunStatus::finished) == 12);
  CHECK(count(taxi, RunStatus::failed) == 3);
  CHECK(count(experiment(v2, "2"), RunStatus::running) == 1);
  CHECK_FALSE(run(v2, "42cfa39879d0494c9eb514fccf900ee3").end_time.has_value());
  const Run& grouse = run(v2, "821d9118ed7c4637bb3a0e020cc59e0d");
  CHECK(grouse.metrics.at("validation-rmse").points == 83);
  CHECK(grouse.latest("validation-rmse") == 4.978225672466415);
  CHECK(grouse.params.at("max_depth") == "33");
  CHECK(run(v2, "92025337761b47258bb509b166789a29").metrics.at("validation-rmse").points == 166);
  REQUIRE(v2.registry.size() == 1);
  CHECK(v2.registry[0].name == "nyc-taxi-model");
  CHECK(v2.registry[0].versions.size() == 1);
  CHECK(v2.registry[0].aliases == std::map<std::string, int>{{"in-preview", 1}, {"staging", 1}});

  const Store v3 = read("sqlite-v3/mlflow.db");
  CHECK(experiment(v3, "1").name == "Iris-Classification");
  CHECK(count(experiment(v3, "1"), RunStatus::finished) == 3);
  CHECK(v3.models.size() == 3);
  CHECK(v3.registry[0].aliases.at("production") == 1);
}

TEST_CASE("mlflow: a metric's latest point is the greatest step, then time, whatever the order in the file",
          "[mlflow]") {
  test::TempDir temp;
  const auto store = temp.path() / "mlruns";
  test::write_text(store / "1/meta.yaml", "experiment_id: '1'\nname: wine\n");
  test::write_text(store / "1/r/meta.yaml", "run_id: r\nstatus: 3\n");
  // Python's float formats; a line without a step is step 0; a fourth field (a run id) is ignored.
  test::write_text(store / "1/r/metrics/loss",
                   "1700000000005 1e-05 2\n1700000000001 -inf 7 r\n1700000000009 0.25 7\n1700000000000 inf\n");
  test::write_text(store / "1/r/metrics/lr", "  1700000000000\t0.1\t0\r\n");
  const ReadResult result = read_store(store);
  REQUIRE(result.store);
  CHECK(result.store->problems.empty());
  const Run& r = result.store->experiments[0].runs[0];
  CHECK(r.metrics.at("loss").points == 4);
  CHECK(r.metrics.at("loss").latest.timestamp == 1700000000009);
  CHECK(r.latest("loss") == 0.25);
  CHECK(r.latest("lr") == 0.1);
  CHECK_FALSE(r.latest("accuracy"));
}

TEST_CASE("mlflow: broken stores give a clear error or a problem, never a crash", "[mlflow]") {
  test::TempDir temp;
  const auto store = temp.path() / "mlruns";
  SECTION("not a store") {
    std::filesystem::create_directories(store / "notes");
    CHECK_THAT(read_store(store).error, Catch::Contains("holds no experiment"));
    CHECK_THAT(read_store(temp.path() / "missing").error, Catch::Contains("does not exist"));
  }
  SECTION("a truncated meta.yaml, a garbage metric line, a non-UTF-8 key") {
    test::write_text(store / "1/meta.yaml", "experiment_id: '1'\nname: wine\n");
    test::write_text(store / "1/aaa/meta.yaml", "run_id: aaa\nstatus: 3\nstart_time: [");
    test::write_text(store / "1/bbb/meta.yaml", "run_id: bbb\nstatus: 3\n");
    test::write_text(store / "1/bbb/metrics/accuracy",
                     "1700000000000 0.8 0\nthis is not a metric\n1700000000001 nan 1\n");
    test::write_text(store / "1/bbb/params/\xff\xfe", "x");
    const ReadResult result = read_store(store);
    REQUIRE(result.store);
    CHECK(result.store->experiments[0].runs.size() == 1);
    const Run& bbb = result.store->experiments[0].runs[0];
    CHECK(bbb.metrics.at("accuracy").points == 2);
    CHECK(std::isnan(*bbb.latest("accuracy")));  // the latest point is step 1, whose value is nan
    CHECK(bbb.params.size() == 1);
    REQUIRE(result.store->problems.size() == 2);
    CHECK_THAT(result.store->problems[0], Catch::Contains("aaa/meta.yaml"));
    CHECK_THAT(result.store->problems[1], Catch::Contains("metrics/accuracy:2: not a metric line"));
  }
  SECTION("an empty mlflow.db, a SQLite file that is not MLflow's, a text file") {
    test::write_text(temp.path() / "empty.db", "");
    CHECK_THAT(read_store(temp.path() / "empty.db").error, Catch::Contains("not MLflow's"));
    REQUIRE(test::run_shell("python3 -c \"import sqlite3; sqlite3.connect('" + (temp.path() / "other.db").string() +
                            "').execute('create table t(x)')\"") == 0);
    CHECK_THAT(read_store(temp.path() / "other.db").error, Catch::Contains("not MLflow's"));
    test::write_text(temp.path() / "text.db", "hello, this is not a database at all, just text\n");
    CHECK_THAT(read_store(temp.path() / "text.db").error, Catch::Contains("not an SQLite database"));
  }
  SECTION("a symlinked store is not followed") {
    std::filesystem::create_directory_symlink(kFixtures / "filestore-v2-runs/mlruns", store);
    CHECK_THAT(read_store(store).error, Catch::Contains("symlink"));
  }
}
