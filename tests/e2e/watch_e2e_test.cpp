// labs watch, driven from a test: it re-runs within a bounded time after a
// file changes, and its own runs (caches, progress, __pycache__) do not set
// it off again.
#include "support/processes.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace labkit;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;
using std::chrono::steady_clock;

namespace {

/// Waits up to `limit` for the file to contain `text`.
bool appears(const fs::path& file, const std::string& text, std::chrono::milliseconds limit) {
  const auto deadline = steady_clock::now() + limit;
  while (test::read_text(file).find(text) == std::string::npos) {
    if (steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace

TEST_CASE("watch: a saved file is re-checked within seconds, and labs' own runs do not set it off", "[e2e][watch]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# p\n");
  repo.commit("Start");
  test::write_text(temp.path() / "labs/lab.yaml",
                   test::lab_yaml("watched", 1,
                                  {{"solution", "file: {path: solution.py}"},
                                   {"imports", "command: {run: \"python3 -c 'import solution'\"}"}}));
  const fs::path out = temp.path() / "watch.txt";
  const fs::path pid_file = temp.path() / "watch.pid";
  REQUIRE(test::run_shell("cd " + (temp.path() / "project").string() + " && env -i PATH=\"$PATH\" HOME=\"$HOME\" " +
                          LABS_BINARY + " --labs " + (temp.path() / "labs").string() + " watch week1 > " +
                          out.string() + " 2>&1 & echo $! > " + pid_file.string()) == 0);
  const pid_t watch = test::read_pid(pid_file);
  REQUIRE(watch > 0);
  const bool first = appears(out, "[run 1]", std::chrono::seconds(20));
  INFO(test::read_text(out));
  CHECK(first);
  CHECK_THAT(test::read_text(out), Catch::Contains("✗ solution"));

  const auto saved = steady_clock::now();
  repo.write("solution.py", "print('hi')\n");
  const bool second = appears(out, "[run 2]", std::chrono::seconds(10));
  const double reacted = std::chrono::duration<double>(steady_clock::now() - saved).count();
  INFO(test::read_text(out) << "\nreacted after " << reacted << " s");
  CHECK(second);
  CHECK_THAT(test::read_text(out), Catch::Contains("✓ solution") && Catch::Contains("✓ imports"));
  // The probe wrote __pycache__ and labs wrote .labs/ and its cache: no third run.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK_THAT(test::read_text(out), !Catch::Contains("[run 3]"));
  CHECK(fs::exists(temp.path() / "project/__pycache__"));

  ::kill(watch, SIGTERM);
  CHECK(test::process_gone_soon(watch));
}
