// End to end: what a run is told on the command line reaches every step,
// whichever thread takes it (worker threads help with in-process items).
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;

TEST_CASE("run settings: --mlflow-uri is honoured by every mlflow step with --jobs 4", "[e2e][mlflow]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# a project without a store of its own\n");
  repo.commit("Start");
  const auto labs_dir = temp.path() / "labs";
  std::filesystem::create_directories(labs_dir);
  constexpr int kItems = 24;
  std::ofstream lab(labs_dir / "lab.yaml");
  lab << "schema: 1\nid: many-mlflow\ntrack: mlops\nweek: 1\ntitle: Many mlflow steps\nitems:\n";
  for (int i = 0; i < kItems; ++i) {
    lab << "  - id: runs-" << i << "\n    text: Runs " << i << "\n    verify:\n      - mlflow: {runs: {min: 1}}\n";
  }
  lab.close();
  const std::string store = std::string(LABS_SOURCE_DIR) + "/tests/fixtures/mlflow/filestore-v3/mlruns";

  for (int round = 0; round < 3; ++round) {  // which thread takes which item differs from run to run
    const auto run = run_labs({"--labs", labs_dir.string(), "verify", "week1", "--jobs", "4", "--mlflow-uri", store},
                              temp.path() / "project");
    INFO(run.out << run.err);
    const auto marks = test::item_marks(run.out);
    REQUIRE(marks.size() == kItems);
    for (const auto& [id, mark] : marks) CHECK(mark == "✓");
    CHECK(run.exit_code == 0);
  }
  // The control: without the flag the project has no store, so every step fails.
  const auto without =
      run_labs({"--labs", labs_dir.string(), "verify", "week1", "--jobs", "4"}, temp.path() / "project");
  CHECK(without.exit_code == 1);
  for (const auto& [id, mark] : test::item_marks(without.out)) CHECK(mark == "✗");
}

TEST_CASE("run settings: the training a learner names in .labs.yaml is the one `train: auto` runs",
          "[e2e][mlflow][probes]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  const std::string fixtures = std::string(LABS_SOURCE_DIR) + "/tests/fixtures/mlflow/filestore-v2-runs/mlruns";
  std::filesystem::create_directories(temp.path() / "project/recorded");
  std::filesystem::copy(fixtures, temp.path() / "project/recorded/mlruns", std::filesystem::copy_options::recursive);
  // Named so that discovery cannot find it: only the declaration can.
  repo.write("pipeline/fit_all.py",
             "import os, re, shutil, time\n"
             "target = os.environ['MLFLOW_TRACKING_URI'].removeprefix('file://')\n"
             "shutil.copytree('recorded/mlruns', target, dirs_exist_ok=True)\n"
             "for folder, _, files in os.walk(target):\n"
             "    if 'meta.yaml' in files and os.path.basename(folder) != 'models':\n"
             "        path = os.path.join(folder, 'meta.yaml')\n"
             "        text = re.sub(r'start_time: \\d+', f'start_time: {int(time.time() * 1000)}', open(path).read())\n"
             "        open(path, 'w').write(text)\n");
  repo.commit("Training pipeline");
  test::write_text(temp.path() / "labs/lab.yaml",
                   test::lab_yaml("training", 1, {{"trained", "mlflow: {train: auto, runs: {min: 5}}"}}));
  const std::vector<std::string> verify{"verify", "week1", "--labs", (temp.path() / "labs").string()};

  const auto undeclared = run_labs(verify, temp.path() / "project");
  CHECK(undeclared.exit_code == 1);
  CHECK_THAT(undeclared.out,
             Catch::Contains("no training to run") && Catch::Contains("name the command in .labs.yaml"));

  repo.write(".labs.yaml", "train: /usr/bin/python3 pipeline/fit_all.py\n");
  auto verbose = verify;
  verbose.emplace_back("-v");
  const auto declared = run_labs(verbose, temp.path() / "project");
  INFO(declared.out << declared.err);
  CHECK(declared.exit_code == 0);
  CHECK_THAT(declared.out, Catch::Contains("your training (/usr/bin/python3 pipeline/fit_all.py, the train: of "
                                           "your .labs.yaml) ran"));
}
