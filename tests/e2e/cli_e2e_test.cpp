// End to end: exit codes and messages of the built binary for bad usage,
// invalid labs and unusable repositories.
#include "support/processes.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <csignal>
#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;

TEST_CASE("cli: --version and --help exit 0", "[e2e][cli]") {
  TempDir temp;
  auto version = run_labs({"--version"}, temp.path());
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("labs "));
  auto help = run_labs({"verify", "--help"}, temp.path());
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("Exit codes") && Catch::Contains("labs verify week1"));
}

TEST_CASE("cli: bad usage exits 2", "[e2e][cli]") {
  TempDir temp;
  CHECK(run_labs({}, temp.path()).exit_code == 2);
  CHECK(run_labs({"verfiy", "week1"}, temp.path()).exit_code == 2);
  CHECK(run_labs({"verify"}, temp.path()).exit_code == 2);
  auto unknown = run_labs({"verify", "week42"}, temp.path());
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::StartsWith("labs: no mlops lab covers week 42 (weeks with labs: 1, "));
  CHECK(run_labs({"verify", "week1", "--color", "purple"}, temp.path()).exit_code == 2);
  auto track = run_labs({"--track", "devops", "verify", "week1"}, temp.path());
  CHECK(track.exit_code == 2);
  CHECK(track.err == "labs: no lab is in track 'devops' (tracks: backend, mlops)\n");
}

TEST_CASE("cli: invalid labs stop the run with file:line:col and exit 2", "[e2e][cli]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("a.txt", "a\n");
  repo.commit("Add a file");
  test::write_text(temp.path() / "labs/bad.yaml",
                   test::lab_yaml("bad", 1, {{"a", "file: {path: a.txt, contans: [a]}"}}));
  test::write_text(temp.path() / "labs/good.yaml", test::lab_yaml("good", 2, {{"a", "file: {path: a.txt}"}}));
  const std::string labs_dir = (temp.path() / "labs").string();
  auto run = run_labs({"verify", "week1", "--labs", labs_dir}, temp.path() / "project");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains(labs_dir + "/bad.yaml:10:29: unknown key 'contans' in file check (did you mean "
                                                 "'contains'?)"));
  CHECK_THAT(run.out, !Catch::Contains("✓"));
  // The valid lab still runs; the broken one is only mentioned.
  auto other = run_labs({"verify", "week2", "--labs", labs_dir}, temp.path() / "project");
  CHECK(other.exit_code == 0);
  CHECK_THAT(other.err, Catch::Contains("1 other lab file(s) have errors"));
  // LABS_DIR does the same as --labs.
  CHECK(run_labs({"verify", "week2"}, temp.path() / "project", {"LABS_DIR=" + labs_dir}).exit_code == 0);
  auto lint = run_labs({"lint", "--labs", labs_dir}, temp.path());
  CHECK(lint.exit_code == 2);
  CHECK_THAT(lint.err, Catch::Contains("labs lint: 1 problem(s) in 2 lab file(s)"));
  CHECK(run_labs({"lint"}, temp.path()).exit_code == 0);
  CHECK(run_labs({"verify", "week1", "--labs", (temp.path() / "nope").string()}, temp.path()).exit_code == 2);
}

TEST_CASE("cli: no usable repository exits 3 with a way forward", "[e2e][cli]") {
  TempDir temp;
  auto none = run_labs({"verify", "week1"}, temp.path());
  CHECK(none.exit_code == 3);
  CHECK_THAT(none.err, Catch::Contains("not a git repository") && Catch::Contains("git init"));
  REQUIRE(test::run_shell("git init -q --bare " + (temp.path() / "bare.git").string()) == 0);
  auto bare = run_labs({"verify", "week1", "--repo", (temp.path() / "bare.git").string()}, temp.path());
  CHECK(bare.exit_code == 3);
  CHECK_THAT(bare.err, Catch::Contains("bare repository"));
}

TEST_CASE("cli: a repository with no commit runs and explains", "[e2e][cli]") {
  TempDir temp;
  TestRepo repo(temp.path());
  auto run = run_labs({"verify", "week1/first-commits"}, temp.path());
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("note: the repository has no commit yet"));
  CHECK_THAT(run.out, Catch::Contains("✗ first-commits"));
  CHECK_THAT(run.out, Catch::Contains("0 of 1 items done"));
}

TEST_CASE("cli: colour only when asked and never with NO_COLOR", "[e2e][cli]") {
  TempDir temp;
  TestRepo repo(temp.path());
  // run_labs sets NO_COLOR=1, which wins even over --color always.
  CHECK_THAT(run_labs({"verify", "week1", "--color", "always"}, temp.path()).out, !Catch::Contains("\x1b["));
  CHECK_THAT(run_labs({"verify", "week1", "--color", "always"}, temp.path(), {"NO_COLOR="}).out,
             Catch::Contains("\x1b["));
  // Not a terminal: no colour by default.
  CHECK_THAT(run_labs({"verify", "week1"}, temp.path(), {"NO_COLOR="}).out, !Catch::Contains("\x1b["));
}

TEST_CASE("cli: list shows tracks, weeks, days, labs and items", "[e2e][cli]") {
  TempDir temp;
  auto run = run_labs({"list"}, temp.path());
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::StartsWith("backend\n") && Catch::Contains("\nmlops\n"));
  CHECK_THAT(run.out, Catch::Contains("git-basics") && Catch::Contains("week 1 · days 3-4") &&
                          Catch::Contains("- first-commits"));
  auto one = run_labs({"list", "day5"}, temp.path());
  CHECK_THAT(one.out, Catch::Contains("python-env") && !Catch::Contains("git-basics"));
}

TEST_CASE("cli: SIGTERM or SIGHUP during a probe ends the probe's processes and labs, and removes its scratch copy",
          "[e2e][cli][process]") {
  const int signal = GENERATE(SIGTERM, SIGHUP);
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("a.txt", "a\n");
  repo.commit("Add a file");
  std::filesystem::create_directories(temp.path() / "tmp");
  // Sandboxed, the probe cannot tell its pid: it runs a program named after this test.
  const std::string tag = "labs-signal-" + std::to_string(::getpid());
  test::write_text(temp.path() / "labs/slow.yaml",
                   test::lab_yaml("slow", 1,
                                  {{"a", "command: {run: 'cp /bin/sleep ./" + tag + " && ./" + tag +
                                             " 60 & wait', scratch: true}"}}));
  const std::string script =
      "cd " + (temp.path() / "project").string() + " && TMPDIR=" + (temp.path() / "tmp").string() + " " + LABS_BINARY +
      " --labs " + (temp.path() / "labs").string() + " verify week1 > /dev/null & pid=$!; " +
      "for i in $(seq 200); do pgrep -f \"" + tag + "[ ]60\" > /dev/null && break; sleep 0.05; done; kill -" +
      std::to_string(signal) + " $pid; wait $pid; echo $? > " + (temp.path() / "rc").string();
  REQUIRE(test::run_shell("sh -c '" + script + "'") == 0);
  int rc = 0;
  std::ifstream(temp.path() / "rc") >> rc;
  CHECK(rc == 128 + signal);
  CHECK(test::no_process_named_soon(tag));
  for (const auto& left : std::filesystem::directory_iterator(temp.path() / "tmp"))
    CHECK_FALSE(left.path().filename().string().starts_with("labs-scratch-"));
}

TEST_CASE("cli: --no-probes checks what the repository holds and runs none of its code", "[e2e][cli]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("a.txt", "a\n");
  repo.commit("Add a file");
  const auto ran = temp.path() / "ran";
  test::write_text(
      temp.path() / "labs/mixed.yaml",
      test::lab_yaml("mixed", 1,
                     {{"has-file", "file: {path: a.txt}"}, {"runs", "command: {run: 'touch " + ran.string() + "'}"}}));
  const auto run =
      run_labs({"--labs", (temp.path() / "labs").string(), "verify", "week1", "--no-probes", "--report", "json"},
               temp.path() / "project");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("\"has-file\""));
  CHECK_THAT(run.out, !Catch::Contains("\"runs\""));
  CHECK_THAT(run.err, Catch::Contains("--no-probes: 1 item(s) that run your code were left out"));
  CHECK_FALSE(std::filesystem::exists(ran));
}

TEST_CASE("list --format markdown is the catalog page docs/labs.md, kept in step with the labs", "[e2e][list]") {
  test::TempDir temp;
  const auto run = test::run_labs({"list", "--format", "markdown"}, temp.path());
  REQUIRE(run.exit_code == 0);
  INFO("regenerate with: build/labs list --format markdown > docs/labs.md");
  CHECK(run.out == test::read_source_file("docs/labs.md"));
  CHECK_THAT(run.out, Catch::Contains("| [`ml-pipelines`](#ml-pipelines) | weeks 5-6 |"));
  CHECK_THAT(run.out, Catch::Contains("- `cloud-deploy` The API is deployed to a cloud free tier (manual: labs tick)"));
  CHECK(test::run_labs({"list", "--format", "html"}, temp.path()).exit_code == 2);
  // The same page in Russian, for the learners of the roadmaps.
  const auto russian = test::run_labs({"--lang", "ru", "list", "--format", "markdown"}, temp.path());
  INFO("regenerate with: build/labs --lang ru list --format markdown > docs/labs.ru.md");
  CHECK(russian.out == test::read_source_file("docs/labs.ru.md"));
  CHECK_THAT(russian.out, Catch::Contains("| Микросервисы, брокеры сообщений, gRPC |"));
}
