// End to end in a real terminal (tmux): live progress while a probe runs,
// cleared before the report; none of it when output is not a terminal.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

TEST_CASE("terminal: live progress while a probe runs, then the report", "[e2e][terminal]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# p\n");
  repo.commit("Start");
  test::write_text(temp.path() / "labs/slow.yaml", test::lab_yaml("slow", 1, {{"waits", "command: {run: 'sleep 2'}"}}));
  const std::string session = "labs-test-" + std::to_string(::getpid());
  const std::string command = "cd " + (temp.path() / "project").string() +
                              " && env -u CI -u GITHUB_ACTIONS -u GITLAB_CI " + "TERM=xterm " + LABS_BINARY +
                              " --labs " + (temp.path() / "labs").string() + " verify week1 --no-cache; sleep 30";
  REQUIRE(test::run_shell("tmux -L " + session + " new-session -d -s " + session + " -x 120 -y 30 '" + command + "'") ==
          0);
  const auto pane = temp.path() / "pane.txt";
  const auto tmux_capture = [&] {
    test::run_shell("tmux -L " + session + " capture-pane -p -t " + session + " > " + pane.string());
    std::ifstream in(pane);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string during, after;
  for (int i = 0; i < 40 && during.find("running: slow/waits") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    during = tmux_capture();
  }
  for (int i = 0; i < 60 && after.find("1 of 1 items done") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = tmux_capture();
  }
  test::run_shell("tmux -L " + session + " kill-server");
  CHECK_THAT(during, Catch::Contains("running: slow/waits"));
  CHECK_THAT(after, Catch::Contains("✓ waits"));
  CHECK_THAT(after, !Catch::Contains("running:"));
}

TEST_CASE("terminal: no live progress when output is not a terminal", "[e2e][terminal]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# p\n");
  repo.commit("Start");
  test::write_text(temp.path() / "labs/slow.yaml", test::lab_yaml("slow", 1, {{"waits", "command: {run: 'sleep 1'}"}}));
  const auto run =
      test::run_labs({"--labs", (temp.path() / "labs").string(), "verify", "week1"}, temp.path() / "project");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.err + run.out, !Catch::Contains("running:"));
  CHECK_THAT(run.err + run.out, !Catch::Contains("\x1b["));
}

TEST_CASE("terminal: labs watch redraws the checklist in place after a change", "[e2e][terminal][watch]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# p\n");
  repo.commit("Start");
  test::write_text(temp.path() / "labs/lab.yaml",
                   test::lab_yaml("watched", 1, {{"solution", "file: {path: solution.py}"}}));
  const std::string session = "labs-watch-" + std::to_string(::getpid());
  const std::string command = "cd " + (temp.path() / "project").string() +
                              " && env -u CI -u GITHUB_ACTIONS -u GITLAB_CI TERM=xterm " + LABS_BINARY + " --labs " +
                              (temp.path() / "labs").string() + " watch week1";
  REQUIRE(test::run_shell("tmux -L " + session + " new-session -d -s " + session + " -x 120 -y 30 '" + command + "'") ==
          0);
  const auto pane = temp.path() / "pane.txt";
  const auto screen_shows = [&](const std::string& text) {
    for (int i = 0; i < 100; ++i) {
      test::run_shell("tmux -L " + session + " capture-pane -p -t " + session + " > " + pane.string());
      std::ifstream in(pane);
      const std::string shown(std::istreambuf_iterator<char>(in), {});
      if (shown.find(text) != std::string::npos) return shown;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::string();
  };
  const std::string first = screen_shows("[run 1]");
  repo.write("solution.py", "print('hi')\n");
  const std::string second = screen_shows("[run 2]");
  test::run_shell("tmux -L " + session + " kill-server");
  CHECK_THAT(first, Catch::Contains("✗ solution"));
  CHECK_THAT(second, Catch::Contains("✓ solution"));
  CHECK_THAT(second, !Catch::Contains("[run 1]") && !Catch::Contains("✗ solution"));  // cleared, not scrolled
}
