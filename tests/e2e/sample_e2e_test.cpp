// End to end: the built `labs` binary on real repositories shaped like a
// learner's project — one that completes every item of weeks 1, 3 and 4, and
// for every item one that misses exactly it (plus what it cannot help
// failing or skipping, declared per variant).
#include "support/engine.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/spec/loader.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

/// How a variant of the sample project differs from the complete one.
struct Variant {
  std::map<std::string, std::optional<std::string>> replace;  ///< path → new text, nullopt = left out
  bool merge = true;
  bool squash_start = false;  ///< README, .gitignore and code in one first commit
  bool remote = true;
  bool virtualenv = true;
  std::map<std::string, std::string> venv_programs;  ///< name → shell script, in .venv/bin
  std::map<std::string, std::string> extra_commit;   ///< committed last with `extra_message`
  std::string extra_message = "Add more project files";
  std::map<std::string, std::string> uncommitted;  ///< written after the last commit
  std::set<std::string> also_failing;              ///< other items this variant cannot help failing
  std::set<std::string> also_skipped;              ///< items skipped because they need the failing one
};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

void build_sample(TestRepo& repo, const Variant& variant) {
  std::map<std::string, std::string> files;
  for (auto& [path, text] : test::sample_project_files()) files[path] = text;
  for (const auto& [path, text] : variant.replace) {
    if (text)
      files[path] = *text;
    else
      files.erase(path);
  }
  const auto write_if = [&](const std::function<bool(const std::string&)>& wanted) {
    for (const auto& [path, text] : files) {
      if (wanted(path)) repo.write(path, text);
    }
  };
  const auto is_notes = [](const std::string& path) { return path.rfind("notes/", 0) == 0; };
  if (!variant.squash_start) {
    write_if([](const std::string& p) { return p == "README.md" || p == ".gitignore"; });
    repo.commit("Add README and a .gitignore for ML projects");
  }
  write_if([&](const std::string& p) { return !is_notes(p); });
  repo.commit("Add training script with logging and YAML config");
  if (variant.merge) {
    repo.create_branch("feature/notes");
    repo.checkout("feature/notes");
  }
  write_if(is_notes);
  repo.commit("Add notes on MLOps basics and the ML lifecycle");
  if (variant.merge) {
    repo.checkout("main");
    repo.merge("feature/notes", "Merge branch 'feature/notes'");
  }
  if (!variant.extra_commit.empty()) {
    for (const auto& [path, text] : variant.extra_commit) repo.write(path, text);
    repo.commit(variant.extra_message);
  }
  if (variant.remote) repo.add_remote("origin", "https://github.com/sample-learner/wine-quality.git");
  if (variant.virtualenv) repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  for (const auto& [name, script] : variant.venv_programs) {
    const auto program = repo.dir() / ".venv/bin" / name;
    repo.write(".venv/bin/" + name, "#!/bin/sh\n" + script + "\n");
    std::filesystem::permissions(program, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
  }
  for (const auto& [path, text] : variant.uncommitted) repo.write(path, text);
}

/// item id → its symbol in the text report (✓ ✗ ? –).
std::string sample(const std::string& path) { return test::read_source_file("examples/sample-project/" + path); }

std::map<std::string, Variant> failing_variants() {
  const std::string notes = sample("notes/mlops-intro.md");
  const std::string train = sample("src/train.py");
  std::map<std::string, Variant> v;
  v["notes-written"].replace["notes/mlops-intro.md"] =
      "# What is MLOps\n## ML project lifecycle\ndata, training, deployment, monitoring\n"
      "## Problems MLOps solves\n- a\n- b\n- c\n## Sources\n- https://a.example\n- https://b.example\n"
      "- https://c.example\n";
  v["lifecycle"].replace["notes/mlops-intro.md"] = replaced(notes, "## ML project lifecycle", "## Steps");
  v["problems"].replace["notes/mlops-intro.md"] = replaced(notes, "## Problems MLOps solves", "## Why bother");
  v["sources"].replace["notes/mlops-intro.md"] =
      replaced(replaced(notes, "- https://ml-ops.org", "- ml-ops.org"), "- https://developers", "- developers");
  v["notes-committed"].replace["notes/mlops-intro.md"] = std::nullopt;
  v["notes-committed"].uncommitted["notes/mlops-intro.md"] = notes;
  // The notes branch still commits something, as a learner's would: only the notes are left out.
  v["notes-committed"].replace["notes/reading-list.md"] = "# Reading list\n\n- Designing ML Systems\n";
  v["notes-committed"].also_failing = {"all-committed"};
  v["repository"].remote = false;
  v["first-commits"].merge = false;
  v["first-commits"].squash_start = true;
  v["first-commits"].also_failing = {"branch-merge"};
  for (const auto& [path, text] : test::sample_project_files()) {
    if (!path.ends_with(".py")) continue;
    v["code-committed"].replace[path] = std::nullopt;
    v["code-committed"].uncommitted[path] = text;
  }
  v["code-committed"].also_failing = {"all-committed"};
  v["commit-messages"].extra_commit = {{"src/__init__.py", ""}};
  v["commit-messages"].extra_message = "wip";
  v["branch-merge"].merge = false;
  v["ml-gitignore"].replace[".gitignore"] = replaced(sample(".gitignore"), "mlruns/\n", "");
  v["ml-gitignore"].also_failing = {"nothing-unwanted"};  // the MLflow runs are then committed
  v["nothing-unwanted"].extra_commit = {{"src/storage.py", "AWS_KEY = 'AKIAIOSFODNN7EXAMPLA'\n"}};
  v["all-committed"].uncommitted["README.md"] = "# wine-quality\n\nchanged\nand not committed\n";
  v["virtualenv"].virtualenv = false;
  v["requirements"].replace["requirements.txt"] = "numpy\nscikit-learn==1.4.2\n";
  v["logging"].replace["src/train.py"] =
      replaced(replaced(replaced(train, "import logging\n", ""),
                        "logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s\")\nlogger = logging.getLogger(__name__)\n",
                        ""),
               "logger.info(\"Loaded config: %s\", json.dumps(config))", "print(config)");
  // Later weeks' modules log too: without the import, no module sets logging up.
  for (const char* module : {"app/main.py", "monitoring/drift.py"}) {
    v["logging"].replace[module] = replaced(sample(module), "import logging\n", "");
  }
  v["config-file"].replace["config.yaml"] = std::nullopt;
  v["config-loaded"].replace["src/train.py"] = replaced(train, "return yaml.safe_load(handle)", "return {}");
  return v;
}

std::map<std::string, Variant> probe_variants() {
  const std::string model = sample("src/model.py");
  const std::string api = sample("app/main.py");
  std::map<std::string, Variant> v;
  v["data-tests"].also_skipped = {"suite-passes"};
  v["data-tests"].replace["tests/test_data.py"] = std::nullopt;
  v["data-tests"].replace["tests/test_prep.py"] =
      replaced(replaced(replaced(sample("tests/test_data.py"), "test_data_rows", "test_rows"), "test_data_normalized",
                        "test_normalized"),
               "test_data_all_zero", "test_all_zero");
  v["model-tests"].replace["tests/test_model.py"] = std::nullopt;
  v["model-tests"].replace["tests/test_classifier.py"] =
      replaced(replaced(replaced(sample("tests/test_model.py"), "test_model_learns", "test_learns"),
                        "test_model_accuracy", "test_accuracy"),
               "test_model_survives", "test_survives");
  v["model-tests"].also_skipped = {"suite-passes"};
  v["data-quality"].replace["tests/test_data.py"] =
      "from prep import normalize\n\n\ndef test_data_scaled():\n    assert normalize([2.0, 4.0]) == [0.5, 1.0]\n";
  v["suite-passes"].replace["tests/test_slow.py"] =
      "import pytest\n\n\n@pytest.mark.skip(reason='slow')\ndef test_big_dataset():\n    pass\n";
  v["tests-in-ci"].replace[".github/workflows/ci.yml"] = std::nullopt;
  v["tests-in-ci"].also_failing = {"workflow-on-push", "tests-automated", "image-built", "linters"};
  const std::string ci = sample(".github/workflows/ci.yml");
  v["workflow-on-push"].replace[".github/workflows/ci.yml"] =
      replaced(ci, "on: [push, pull_request]", "on: [workflow_dispatch]");
  // Named, not run (`python -m unittest` would run the tests another way, and pass).
  v["tests-automated"].replace[".github/workflows/ci.yml"] = replaced(ci, "pytest -q", "echo pytest -q");
  v["tests-automated"].also_failing = {"tests-in-ci"};  // both read the steps as commands
  v["image-built"].replace[".github/workflows/ci.yml"] =
      replaced(ci, "docker build -t wine-quality .", "echo no image");
  v["linters"].replace[".github/workflows/ci.yml"] =
      replaced(ci, "      - run: flake8 --max-line-length 120 src app tests\n", "");
  v["linters"].replace[".github/workflows/ci.yml"] =
      replaced(*v["linters"].replace[".github/workflows/ci.yml"], " flake8\n", "\n");
  v["model-serialized"].replace["src/predict.py"] = std::nullopt;  // it loads an MLflow model
  v["model-serialized"].replace["src/model.py"] =
      replaced(replaced(replaced(model, "import pickle\n", ""), "path.write_bytes(pickle.dumps(model))",
                        "path.write_text(str(model.threshold))"),
               "return pickle.loads(path.read_bytes())", "return ThresholdModel(float(path.read_text()))");
  v["api-serves"].replace["app/main.py"] = replaced(api, "@app.post(\"/predict\")", "@app.post(\"/score\")");
  v["api-serves"].also_failing = {"api-tests", "suite-passes"};
  v["api-serves"].also_skipped = {"input-validation", "swagger-ui"};
  v["input-validation"].replace["app/main.py"] = replaced(
      replaced(api, "def predict(wine: Wine, user_id: str = \"anonymous\"):",
               "def predict(wine: dict, user_id: str = \"anonymous\"):"),
      "models[variant].predict([wine.alcohol])[0]", "models[variant].predict([float(wine.get(\"alcohol\", 0))])[0]");
  v["input-validation"].also_failing = {"api-tests", "suite-passes"};
  v["swagger-ui"].replace["app/main.py"] =
      replaced(api, "FastAPI(title=\"wine-quality\")", "FastAPI(title=\"wine-quality\", docs_url=None)");
  v["api-tests"].replace["tests/test_api.py"] = std::nullopt;
  // The later weeks' tests (A/B split, drift) would prove these items by accident.
  for (const char* id : {"api-tests", "data-tests", "data-quality"}) {
    v[id].replace["tests/test_ab.py"] = std::nullopt;
    v[id].replace["tests/test_drift.py"] = std::nullopt;
  }
  // Days 26-28: running and deploying the API.
  const std::string readme = sample("README.md");
  v["compose-runs-api"].replace["compose.yaml"] = replaced(sample("compose.yaml"), "    ports: [\"8000:8000\"]\n", "");
  v["health-endpoint"].replace["app/main.py"] = replaced(api, "@app.get(\"/health\")", "@app.get(\"/alive\")");
  v["request-logging"].replace["app/main.py"] =
      replaced(replaced(api, "    logger.info(\"prediction %s by model %s\", prediction, variant)\n", ""),
               "    logger.info(\"model reloaded\")\n", "");
  v["run-instructions"].replace["README.md"] = readme.substr(0, readme.find("## Run the API locally in Docker"));
  v["cloud-deploy"].replace["labs-evidence.yaml"] = std::nullopt;
  return v;
}

std::map<std::string, Variant> docker_variants() {
  const std::string dockerfile = sample("Dockerfile");
  std::map<std::string, Variant> v;
  v["dockerfile"].replace["Dockerfile"] =
      replaced(replaced(dockerfile, "RUN pip install --no-cache-dir -r requirements.txt\n", ""),
               "RUN useradd --create-home app\nUSER app\n", "USER nobody\n");
  v["good-practice"].replace["Dockerfile"] = replaced(dockerfile, "COPY app/ app/", "ADD app/ app/");
  v["image-runs"].replace["Dockerfile"] = replaced(dockerfile, "app.main:app", "app.server:app");
  v["no-secrets-in-image"].replace["Dockerfile"] =
      replaced(dockerfile, "WORKDIR /app\n", "WORKDIR /app\nENV MLFLOW_TRACKING_PASSWORD=hunter2\n");
  v["listens-everywhere"].replace["Dockerfile"] = replaced(dockerfile, "\"--host\", \"0.0.0.0\", ", "");
  v["dockerignore"].replace[".dockerignore"] = replaced(sample(".dockerignore"), "mlruns\n", "");
  v["mlflow-in-container"].replace["compose.yaml"] = "services:\n  api:\n    build: .\n    ports: [\"8000:8000\"]\n";

  // Days 8-10, MLflow: the runs in mlruns/ (git-ignored, in the work tree).
  const std::string train = sample("src/train.py");
  const std::string runs = "mlruns/482917365018273645/";
  v["mlflow-in-code"].replace["src/train.py"] = replaced(
      train, "with mlflow.start_run(run_name=f\"forest-{params['n_estimators']}-{params['max_depth']}\"):", "if True:");
  v["mlflow-ignored"].replace[".gitignore"] = replaced(sample(".gitignore"), "mlruns/\nmlartifacts/\n", "");
  for (const char* run : {"7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2", "c0ffee1234ab4cd5ef6789a0b1c2d3e4"}) {
    v["experiments-run"].replace[runs + run + "/params/n_estimators"] = "50";  // the same settings three times
    v["experiments-run"].replace[runs + run + "/params/max_depth"] = "4";
  }
  v["metrics-logged"].replace["src/train.py"] =
      replaced(train, "mlflow.log_metric(\"accuracy\", accuracy)", "mlflow.log_metric(\"score\", accuracy)");
  for (const char* run :
       {"3f1c2a9e8b7d4c6a9e0f1a2b3c4d5e6f", "7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2", "c0ffee1234ab4cd5ef6789a0b1c2d3e4"}) {
    v["model-logged"].replace[runs + run + "/artifacts/model/model.pkl"] = std::nullopt;
  }
  v["model-loaded"].replace["src/predict.py"] = std::nullopt;
  // MLflow cannot be installed here, so the complete project skips mlflow-live;
  // a broken install (an mlflow that cannot import) fails it.
  v["mlflow-live"].venv_programs["mlflow"] = "echo 'ModuleNotFoundError: No module named mlflow' >&2; exit 1";
  v["ui-documented"].replace["README.md"] =
      replaced(sample("README.md"), "    mlflow ui                      # then open http://127.0.0.1:5000\n", "");
  return v;
}

std::set<std::string> item_ids(std::initializer_list<int> weeks) {
  std::set<std::string> ids;
  const Bundle bundle = load_bundle(embedded_lab_sources());
  for (const auto& loaded : bundle.labs) {
    for (int week : weeks) {
      if (loaded.lab.track == "mlops" && loaded.lab.weeks.covers(week)) {
        for (const auto& item : loaded.lab.items) ids.insert(item.id);
      }
    }
  }
  return ids;
}

std::set<std::string> week1_item_ids() { return item_ids({1}); }

/// Items whose tools cannot be installed on this machine (MLflow): skipped
/// with a reason in the complete project.
const std::set<std::string> kNotInstalledHere{"mlflow-live"};

/// Runs each variant and checks that exactly its item fails.
void check_variants(const std::map<std::string, Variant>& variants, const std::set<std::string>& ids,
                    const std::vector<std::string>& selectors, const std::vector<std::string>& environment = {}) {
  std::set<std::string> covered;
  for (const auto& [id, variant] : variants) covered.insert(id);
  CHECK(covered == ids);  // a new item needs its failing variant here
  for (const auto& [target, variant] : variants) {
    DYNAMIC_SECTION("item " << target) {
      TempDir temp;
      TestRepo repo(temp.path() / "project");
      build_sample(repo, variant);
      std::vector<std::string> args{"verify"};
      args.insert(args.end(), selectors.begin(), selectors.end());
      const auto run = test::run_labs(args, temp.path() / "project", environment);
      INFO(run.out << run.err);
      CHECK(run.exit_code == 1);
      const auto marks = test::item_marks(run.out);
      for (const auto& id : ids) {
        INFO("item " << id);
        REQUIRE(marks.count(id));
        const std::string expected = id == target || variant.also_failing.count(id)                  ? "✗"
                                     : variant.also_skipped.count(id) || kNotInstalledHere.count(id) ? "–"
                                                                                                     : "✓";
        CHECK(marks.at(id) == expected);
      }
      CHECK_THAT(run.out, Catch::Contains("hint: "));
    }
  }
}

}  // namespace

TEST_CASE("e2e: the complete sample project passes every week-1 item", "[e2e][week1]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  build_sample(repo, Variant{});
  const auto run = test::run_labs({"verify", "week1"}, temp.path() / "project");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  const auto marks = test::item_marks(run.out);
  CHECK(marks.size() == week1_item_ids().size());
  for (const auto& [id, mark] : marks) {
    INFO(id);
    CHECK(mark == "✓");
  }
  CHECK_THAT(run.out, Catch::Contains("18 of 18 items done · 18/18 points"));
}

TEST_CASE("e2e: every week-1 item has a project that fails exactly it", "[e2e][week1]") {
  check_variants(failing_variants(), week1_item_ids(), {"week1"});
}

TEST_CASE("e2e: the complete sample project passes week 2, its image built and run on Podman", "[e2e][week2][engine]") {
  test::prepare_engine();
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  build_sample(repo, Variant{});
  const auto run = test::run_labs({"verify", "week2", "-v"}, temp.path() / "project", {test::engine_setting()});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  const auto marks = test::item_marks(run.out);
  CHECK(marks.size() == item_ids({2}).size());
  for (const auto& [id, mark] : marks) {
    INFO(id);
    CHECK(mark == (kNotInstalledHere.count(id) ? "–" : "✓"));
  }
  CHECK_THAT(run.out, Catch::Contains("mlflow is not installed (not in .venv/bin, venv/bin or on PATH)"));
  CHECK_THAT(run.out, Catch::Contains("image built (podman); the container is still running after 3 s"));
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("e2e: every week-2 item has a project that fails exactly it", "[e2e][week2][engine]") {
  test::prepare_engine();
  check_variants(docker_variants(), item_ids({2}), {"week2"}, {test::engine_setting()});
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("e2e: the complete sample project passes weeks 3 and 4 (pytest, FastAPI)", "[e2e][probes]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  build_sample(repo, Variant{});
  const auto run = test::run_labs({"verify", "week3", "week4"}, temp.path() / "project");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(test::item_marks(run.out).size() == item_ids({3, 4}).size());
  CHECK_THAT(run.out, Catch::Contains("19 of 19 items done"));
}

TEST_CASE("e2e: every week-3 and week-4 item has a project that fails exactly it", "[e2e][probes]") {
  check_variants(probe_variants(), item_ids({3, 4}), {"week3", "week4"});
}
