// The `command` check's `requires`: a tool missing from the learner's
// environment skips the step with a reason instead of failing it.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/process/probe_env.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace labkit;
using test::run_step;

namespace {

void write_program(const std::filesystem::path& file, const std::string& script) {
  test::write_text(file, "#!/bin/sh\n" + script + "\n");
  ::chmod(file.c_str(), 0755);
}

/// A learner repository with one commit.
struct Project {
  test::TempDir temp;
  test::TestRepo repo{temp.path()};
  Project() {
    repo.write("README.md", "# project\n");
    repo.commit("Start");
  }
  const std::filesystem::path& path() const { return temp.path(); }
};

}  // namespace

TEST_CASE("command check: a required program that is not installed skips the step and runs nothing", "[command]") {
  Project temp;
  const auto outcome = run_step(
      "command: {run: 'touch ran && labs-no-such-tool --version', requires: [labs-no-such-tool]}", temp.path());
  CHECK(outcome.status == Status::skip);
  CHECK(outcome.evidence ==
        "labs-no-such-tool is not installed (not in .venv/bin, venv/bin or on PATH), so "
        "`touch ran && labs-no-such-tool --version` was not run");
  CHECK_FALSE(std::filesystem::exists(temp.path() / "ran"));
}

TEST_CASE("command check: a required program in the learner's virtualenv is found and run", "[command]") {
  Project temp;
  write_program(temp.path() / ".venv/bin/labs-fake-mlflow", "echo 'labs-fake-mlflow, version 2.22.0'");
  const auto outcome = run_step(
      "command: {run: 'labs-fake-mlflow --version', requires: [labs-fake-mlflow], stdout_matches: ['version 2\\.']}",
      temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);

  write_program(temp.path() / ".venv/bin/labs-fake-mlflow", "echo 'ImportError: no module named mlflow' >&2; exit 1");
  const auto broken =
      run_step("command: {run: 'labs-fake-mlflow --version', requires: [labs-fake-mlflow]}", temp.path());
  CHECK(broken.status == Status::fail);
  CHECK_THAT(broken.evidence, Catch::Contains("exited with 1, expected 0; last output:\nImportError"));
}

TEST_CASE("find_program: the virtualenv first, then PATH, and directories, paths and non-executables are not programs",
          "[command]") {
  test::TempDir temp;
  write_program(temp.path() / "venv/bin/sh", "exit 0");
  write_program(temp.path() / "bin/tool", "exit 0");
  test::write_text(temp.path() / "bin/data", "not a program\n");
  std::filesystem::create_directories(temp.path() / "bin/folder");
  const std::vector<std::string> environment{"HOME=/nowhere", "PATH=" + (temp.path() / "bin").string() + ":/bin"};
  CHECK(find_program(environment, "tool") == temp.path() / "bin/tool");
  CHECK(find_program(environment, "sh") == "/bin/sh");
  CHECK(find_program(probe_environment(temp.path()), "sh") == temp.path() / "venv/bin/sh");
  CHECK(find_program(environment, "data").empty());
  CHECK(find_program(environment, "folder").empty());
  CHECK(find_program(environment, "bin/tool").empty());
  CHECK(find_program({"HOME=/nowhere"}, "sh").empty());
}
