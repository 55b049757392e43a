// Hostile repositories and a hostile machine: a repository with 100,000
// files, a 1 GB file, symlink loops, file names that are not UTF-8, a corrupt
// git object; a report written past the file-size limit; labs killed with
// SIGKILL in the middle of grading. Each gives a clear per-check result or
// message and the run goes on; nothing is left running, nothing corrupt.
#include "support/processes.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

const char* const kLab = R"(schema: 1
id: faults
track: mlops
week: 1
title: Faults
items:
  - id: history
    text: Commits
    verify:
      - git: {commits: {min: 1}, max_file_size_mb: 10}
  - id: clean
    text: Clean tree
    verify:
      - git: {clean: true}
  - id: sources
    text: Every Python source logs
    verify:
      - file: {glob: "**/*.py", every: true, contains: [logging]}
  - id: habits
    text: Python habits
    verify:
      - python: {logging: true, config: true}
  - id: readme
    text: A README
    verify:
      - file: {path: README.md, contains: ["#"]}
)";

struct Project {
  TempDir temp;
  fs::path labs = temp.path() / "labs";
  fs::path root = temp.path() / "repo";
  fs::path report = temp.path() / "report.json";
  Project() {
    fs::create_directories(labs);
    std::ofstream(labs / "faults.yaml") << kLab;
    fs::create_directories(root);
    TestRepo repo(root);
    repo.write("README.md", "# project\n");
    repo.write("src/train.py", "import logging\nlogging.basicConfig()\nlogging.getLogger(__name__).info('x')\n");
    repo.commit("Start");
  }
  test::LabsRun verify(const std::string& wrapper = "") const {
    return run_labs(
        {"--labs", labs.string(), "verify", "faults", "--report", "json:" + report.string(), "--report", "text"}, root,
        {}, wrapper);
  }
  /// Item id → status in the JSON report (which must parse).
  std::map<std::string, std::string> statuses() const {
    const auto json = nlohmann::json::parse(test::read_text(report));
    std::map<std::string, std::string> found;
    for (const auto& item : json["labs"][0]["items"]) found[item["id"]] = item["status"];
    return found;
  }
};

/// labs ended by itself (no crash signal), with one of its documented codes.
void check_documented_exit(const test::LabsRun& run) {
  INFO(run.out << run.err);
  CHECK((run.exit_code == 0 || run.exit_code == 1 || run.exit_code == 3));
}

}  // namespace

TEST_CASE("faults: 100,000 files in the work tree are checked, and the run finishes", "[faults]") {
  Project project;
  REQUIRE(test::run_shell("cd " + project.root.string() +
                          " && mkdir -p data && cd data && seq -w 1 100000 | xargs touch") == 0);
  const auto run = project.verify();
  check_documented_exit(run);
  const auto statuses = project.statuses();
  CHECK(statuses.at("history") == "pass");
  CHECK(statuses.at("clean") == "fail");  // 100,000 untracked files
  CHECK(statuses.at("readme") == "pass");
}

TEST_CASE("faults: a 1 GB file, symlink loops and a symlink out of the repository", "[faults]") {
  Project project;
  REQUIRE(test::run_shell("cd " + project.root.string() +
                          " && truncate -s 1G src/big.py && ln -s . src/loop && ln -s a b && ln -s b a"
                          " && ln -s /etc/passwd src/passwd.py && ln -s /etc config.yaml") == 0);
  const auto run = project.verify();
  check_documented_exit(run);
  const auto statuses = project.statuses();
  CHECK(statuses.at("history") == "pass");
  CHECK(statuses.at("readme") == "pass");
  CHECK(statuses.count("sources") == 1);
  CHECK_THAT(test::read_text(project.report), !Catch::Contains("root:x:0:0"));  // /etc/passwd was never read
}

TEST_CASE("faults: file names that are not UTF-8 still give a valid JSON report", "[faults]") {
  Project project;
  REQUIRE(test::run_shell("cd " + project.root.string() +
                          " && printf 'print(1)\\n' > \"$(printf 'src/caf\\351.py')\""
                          " && printf 'x' > \"$(printf 'n\\377\\376.py')\" && git add -A && git -c user.name=L -c "
                          "user.email=l@x commit -qm 'Latin-1 names'") == 0);
  const auto run = project.verify();
  check_documented_exit(run);
  const auto statuses = project.statuses();  // parses: the names were made valid UTF-8
  CHECK(statuses.at("history") == "pass");
  CHECK(statuses.at("sources") == "fail");  // caf\xe9.py does not log
}

TEST_CASE("faults: a corrupt git object gives that check an error and the run goes on", "[faults]") {
  Project project;
  // Corrupt the HEAD commit: its loose object no longer inflates.
  REQUIRE(test::run_shell("cd " + project.root.string() +
                          " && f=.git/objects/$(git rev-parse HEAD | sed 's|^..|&/|')"
                          " && chmod u+w $f && printf 'garbage' > $f") == 0);
  const auto run = project.verify();
  check_documented_exit(run);
  const auto statuses = project.statuses();
  CHECK(statuses.at("history") == "error");  // the history cannot be read: said, not guessed
  CHECK(statuses.at("readme") == "pass");    // the work tree is intact
  CHECK(statuses.at("sources") == "pass");
  CHECK_THAT(test::read_text(project.report),
             Catch::Contains("HEAD's commit cannot be read, the repository is damaged"));
}

TEST_CASE("faults: a report written past the file-size limit fails with a clear message", "[faults]") {
  Project project;
  const auto run = project.verify("prlimit --fsize=200 --");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 3);
  CHECK_THAT(run.err, Catch::Contains("report.json"));
  CHECK_THAT(run.err, Catch::Contains("File too large"));
  CHECK_FALSE(fs::exists(project.report));  // no half-written report left behind
}

TEST_CASE("faults: grading killed with SIGKILL leaves no process behind, and a re-run finishes the job", "[faults]") {
  TempDir temp;
  const fs::path labs = temp.path() / "labs";
  fs::create_directories(labs);
  std::ofstream(labs / "slow.yaml")
      << "schema: 1\nid: slow\ntrack: mlops\nweek: 1\ntitle: Slow\nitems:\n"
         "  - id: waits\n    text: Waits\n    verify:\n      - command: {run: 'sleep 37.1'}\n";
  std::ofstream roster(temp.path() / "roster.csv");
  roster << "student,repo\n";
  for (int i = 0; i < 3; ++i) {
    const fs::path repo = temp.path() / ("learner" + std::to_string(i));
    fs::create_directories(repo);
    TestRepo made(repo);
    made.write("README.md", "# r\n");
    made.commit("Start");
    roster << "s" << i << "," << repo.string() << "\n";
  }
  roster.close();
  const fs::path out = temp.path() / "grades";
  const std::string grade = std::string(LABS_BINARY) + " --labs " + labs.string() + " grade " +
                            (temp.path() / "roster.csv").string() + " week1 --out " + out.string() + " --jobs 2";
  // Start grading, kill it hard once the probes run, and look for survivors.
  REQUIRE(test::run_shell(
              "cd " + temp.path().string() + " && (" + grade +
              " > /dev/null 2>&1 & echo $! > grade.pid; wait) &"
              " for i in $(seq 1 100); do pgrep -f 'sleep 37.1' > /dev/null && break; sleep 0.1; done; kill -9 $(cat " +
              (temp.path() / "grade.pid").string() + ")") == 0);
  const pid_t killed = test::read_pid(temp.path() / "grade.pid");
  REQUIRE(killed > 0);
  CHECK(test::process_gone_soon(killed));
  // The learners' probes must not outlive the grader: its guardian ends them.
  // ([.] keeps pgrep from finding this very shell, whose command line holds the pattern.)
  CHECK(test::run_shell(
            "for i in $(seq 1 50); do pgrep -f 'sleep 37[.]1' >/dev/null || exit 0; sleep 0.2; done; exit 1") == 0);
  // A second run completes the gradebook from whatever the killed one left.
  std::ofstream(labs / "slow.yaml") << "schema: 1\nid: slow\ntrack: mlops\nweek: 1\ntitle: Slow\nitems:\n"
                                       "  - id: waits\n    text: Waits\n    verify:\n      - command: {run: 'true'}\n";
  REQUIRE(test::run_shell("cd " + temp.path().string() + " && " + grade + " > /dev/null 2>&1; test $? -le 1") == 0);
  CHECK(fs::exists(out / "grades.csv"));
}

TEST_CASE("faults: verify killed with SIGKILL during a probe leaves no probe behind", "[faults]") {
  Project project;
  std::ofstream(project.labs / "faults.yaml") << "schema: 1\nid: faults\ntrack: mlops\nweek: 1\ntitle: Slow\nitems:\n"
                                                 "  - id: waits\n    text: Waits\n    verify:\n"
                                                 "      - command: {run: 'setsid sleep 41.3 & sleep 42.3'}\n";
  const std::string verify = std::string(LABS_BINARY) + " --labs " + project.labs.string() + " verify faults";
  REQUIRE(test::run_shell("cd " + project.root.string() + " && (" + verify +
                          " > /dev/null 2>&1 & echo $! > ../verify.pid; wait) &"
                          " for i in $(seq 1 50); do pgrep -f 'sleep 42.3' > /dev/null && break; sleep 0.1; done;"
                          " kill -9 $(cat " +
                          (project.temp.path() / "verify.pid").string() + ")") == 0);
  // The probe and the grandchild that left its session both end soon after labs.
  CHECK(test::run_shell(
            "for i in $(seq 1 50); do pgrep -f 'sleep 4[12].3' > /dev/null || exit 0; sleep 0.1; done; exit 1") == 0);
}

TEST_CASE("faults: verify killed with SIGKILL at many points leaves a cache that agrees with a fresh run", "[faults]") {
  Project project;
  // Quick probes that pass and fail, so the cache fills while labs is killed.
  std::ofstream lab(project.labs / "faults.yaml");
  lab << "schema: 1\nid: faults\ntrack: mlops\nweek: 1\ntitle: Killed\nitems:\n";
  for (int i = 0; i < 8; ++i)
    lab << "  - id: probe" << i << "\n    text: Probe " << i << "\n    verify:\n      - command: {run: 'sleep 0.0" << i
        << "; exit " << i % 2 << "'}\n";
  lab.close();
  // A cache folder of its own, and a cache even when the tests run in CI.
  const fs::path cache_home = project.temp.path() / "xdg-cache";
  const std::vector<std::string> environment{"XDG_CACHE_HOME=" + cache_home.string(),
                                             "CI=", "GITHUB_ACTIONS=", "GITLAB_CI="};
  const std::string verify = "env XDG_CACHE_HOME=" + cache_home.string() +
                             " CI= GITHUB_ACTIONS= GITLAB_CI= " + LABS_BINARY + " --labs " + project.labs.string() +
                             " verify faults --jobs 2";
  // Kill points spread over one whole run, however fast this build is.
  const auto started = std::chrono::steady_clock::now();
  test::run_shell("cd " + project.root.string() + " && " + verify + " --no-cache > /dev/null 2>&1");
  const double whole_run = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fs::remove_all(cache_home);
  for (int point = 1; point <= 10; ++point) {
    const std::string delay = std::to_string(whole_run * point / 10);
    INFO("killed after " << delay << " s");
    REQUIRE(test::run_shell("cd " + project.root.string() + " && " + verify + " > /dev/null 2>&1 & pid=$!; sleep " +
                            delay + "; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; exit 0") == 0);
  }
  // Whatever each killed run left: every cache entry is whole (a MAC line,
  // then JSON), and a run that trusts the cache reports exactly what a run
  // that ignores it reports.
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(cache_home / "labs")) {
    if (entry.is_directory()) folders.push_back(entry.path());
  }
  REQUIRE(folders.size() == 1);
  for (const auto& entry : fs::directory_iterator(folders.front())) {
    if (entry.path().extension() != ".entry") continue;
    INFO(entry.path());
    const std::string text = test::read_text(entry.path());
    REQUIRE(text.size() > 65);
    CHECK(text[64] == '\n');
    CHECK_FALSE(nlohmann::json::parse(text.substr(65), nullptr, false).is_discarded());
  }
  const auto run = [&](const std::string& extra) {
    return run_labs(
        {"--labs", project.labs.string(), "verify", "faults", "--report", "json:" + project.report.string(), extra},
        project.root, environment);
  };
  const test::LabsRun cached = run("--jobs=2");
  const auto from_cache = project.statuses();
  const test::LabsRun fresh = run("--no-cache");
  CHECK(cached.exit_code == fresh.exit_code);
  CHECK(from_cache == project.statuses());
  CHECK(from_cache.at("probe0") == "pass");
  CHECK(from_cache.at("probe1") == "fail");
}
