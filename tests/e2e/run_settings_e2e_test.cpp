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
