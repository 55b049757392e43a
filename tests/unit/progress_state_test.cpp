// .labs/progress.json: ticks follow the repository, history is kept, and the
// file is never corrupt — not with concurrent runs, not with kill -9 mid-write.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/engine/progress_state.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

using namespace labkit;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

/// A run of one lab whose items ended as given.
struct FakeRun {
  Lab lab;
  RunResult run;
  explicit FakeRun(const std::vector<std::pair<std::string, Status>>& outcomes, const std::string& commit) {
    lab.id = "lab";
    for (const auto& [id, status] : outcomes) lab.items.push_back(Item{id, id, "", 1, {}, {}, {}, 0, {}, {}, false});
    LabResult result{&lab, {}};
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      result.items.push_back({&lab.items[i], outcomes[i].second, {}, ""});
    run.labs.push_back(std::move(result));
    run.repo.head_commit = commit;
  }
};

bool parses_as_state(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::accept(text.str()) && nlohmann::json::parse(text.str()).contains("items");
}

}  // namespace

TEST_CASE("progress: a pass ticks, a later fail un-ticks, and the history keeps both", "[progress]") {
  TempDir temp;
  REQUIRE(
      record_progress(temp.path(), FakeRun({{"a", Status::pass}, {"b", Status::fail}, {"c", Status::skip}}, "c1").run)
          .empty());
  std::string problem;
  auto state = read_progress(temp.path(), problem);
  CHECK(problem.empty());
  CHECK(state.done("lab", "a"));
  CHECK_FALSE(state.done("lab", "b"));
  CHECK(state.items.count("lab/c") == 0);  // a skip proves nothing either way
  CHECK(state.items.at("lab/a").commit == "c1");

  REQUIRE(
      record_progress(temp.path(), FakeRun({{"a", Status::fail}, {"b", Status::pass}, {"c", Status::error}}, "c2").run)
          .empty());
  state = read_progress(temp.path(), problem);
  CHECK_FALSE(state.done("lab", "a"));
  CHECK(state.done("lab", "b"));
  REQUIRE(state.history.size() == 4);  // a ✓, b ✗, then a ✗, b ✓
  CHECK((state.history[2].item == "lab/a" && !state.history[2].done && state.history[2].commit == "c2"));
  // .labs/ keeps itself out of git.
  CHECK(fs::exists(temp.path() / ".labs/.gitignore"));
}

TEST_CASE("progress: a re-run that proves the same at the same commit leaves the file as it was", "[progress]") {
  TempDir temp;
  const fs::path file = temp.path() / ".labs/progress.json";
  REQUIRE(record_progress(temp.path(), FakeRun({{"a", Status::pass}, {"b", Status::fail}}, "c1").run).empty());
  const auto written = fs::last_write_time(file);
  const std::string before = test::read_text(file);
  fs::last_write_time(file, written - std::chrono::hours(1));  // any rewrite would move it forward again
  REQUIRE(
      record_progress(temp.path(), FakeRun({{"a", Status::pass}, {"b", Status::fail}, {"c", Status::skip}}, "c1").run)
          .empty());
  CHECK(fs::last_write_time(file) == written - std::chrono::hours(1));
  CHECK(test::read_text(file) == before);
  // The same verdicts at a new commit are recorded (no history entry: nothing was ticked or un-ticked).
  REQUIRE(record_progress(temp.path(), FakeRun({{"a", Status::pass}, {"b", Status::fail}}, "c2").run).empty());
  std::string problem;
  const auto state = read_progress(temp.path(), problem);
  CHECK(state.items.at("lab/a").commit == "c2");
  CHECK(state.history.size() == 2);
}

TEST_CASE("progress: a hand-edited file is reported and started again, a symlinked .labs is never written through",
          "[progress]") {
  TempDir temp;
  test::write_text(temp.path() / ".labs/progress.json", "{ not json");
  std::string problem;
  CHECK(read_progress(temp.path(), problem).items.empty());
  CHECK_THAT(problem, Catch::Contains("progress.json"));
  CHECK(record_progress(temp.path(), FakeRun({{"a", Status::pass}}, "c1").run).empty());
  CHECK(read_progress(temp.path(), problem).done("lab", "a"));

  TempDir elsewhere;
  fs::create_directories(temp.path() / "repo");
  fs::create_directory_symlink(elsewhere.path(), temp.path() / "repo/.labs");
  CHECK_THAT(record_progress(temp.path() / "repo", FakeRun({{"a", Status::pass}}, "c1").run),
             Catch::Contains("is a symlink"));
  CHECK(fs::is_empty(elsewhere.path()));
}

namespace {

/// A repository and a lab of many quick items, so a run writes a sizeable state.
struct BusyProject {
  TempDir temp;
  TestRepo repo{temp.path() / "project"};
  BusyProject() {
    repo.write("README.md", "# p\n");
    repo.commit("Start");
    std::vector<std::pair<std::string, std::string>> items;
    for (int i = 0; i < 60; ++i)
      items.emplace_back("item-" + std::to_string(i), i % 2 ? "file: {path: README.md}" : "file: {path: nope}");
    test::write_text(temp.path() / "labs/lab.yaml", test::lab_yaml("busy", 1, items));
  }
  std::string command() const {
    // Outside CI (labs keeps no progress there), whatever runs these tests.
    return "cd " + (temp.path() / "project").string() + " && exec env -u CI -u GITHUB_ACTIONS -u GITLAB_CI " +
           LABS_BINARY + " --labs " + (temp.path() / "labs").string() + " verify week1 >/dev/null 2>&1";
  }
};

}  // namespace

TEST_CASE("progress: concurrent verify runs all land, and the file always parses", "[progress][e2e]") {
  BusyProject project;
  std::string runs;
  for (int i = 0; i < 8; ++i) runs += "(" + project.command() + ") & ";
  REQUIRE(test::run_shell(runs + "wait") == 0);
  const fs::path file = progress_file(project.temp.path() / "project");
  REQUIRE(parses_as_state(file));
  std::string problem;
  const auto state = read_progress(project.temp.path() / "project", problem);
  CHECK(state.items.size() == 60);
  CHECK(state.done("busy", "item-1"));
  CHECK_FALSE(state.done("busy", "item-0"));
  CHECK(state.history.size() == 60);  // the first run recorded each item once; the others changed nothing
  CHECK_FALSE(fs::exists(file.string() + ".tmp"));
}

TEST_CASE("progress: kill -9 at random moments never leaves a corrupt state", "[progress][e2e][hostile]") {
  BusyProject project;
  const fs::path file = progress_file(project.temp.path() / "project");
  // Kill points spread over twice a whole run (the median of five), however
  // fast this build is (a sanitizer build starts labs several times slower)
  // and however loaded the machine: half the points fall after a typical
  // run has ended, so some runs finish even when others run slower.
  std::vector<std::chrono::microseconds> runs;
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    test::run_shell(project.command());  // exits 1: half the items fail
    runs.push_back(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started));
  }
  std::sort(runs.begin(), runs.end());
  const auto whole_run = runs[runs.size() / 2];
  REQUIRE(fs::exists(file));
  fs::remove(file);
  std::mt19937 random(20261122);
  std::uniform_int_distribution<long> delay_us(0, whole_run.count() * 2);
  int killed_mid_run = 0;
  for (int round = 0; round < 60; ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::execl("/bin/sh", "sh", "-c", project.command().c_str(), nullptr);
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    killed_mid_run += ::kill(child, SIGKILL) == 0;
    int status = 0;
    ::waitpid(child, &status, 0);
    killed_mid_run -= WIFEXITED(status);
    if (fs::exists(file)) REQUIRE(parses_as_state(file));
  }
  INFO("runs killed before they ended: " << killed_mid_run);
  CHECK(killed_mid_run > 10);  // the loop did interrupt runs, at many points
  CHECK(killed_mid_run < 60);  // and some finished, so the file was written
  test::run_shell(project.command());
  CHECK(parses_as_state(file));
}
