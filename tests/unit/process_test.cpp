#include "support/processes.hpp"

#include <labs/process.hpp>

#include <catch2/catch.hpp>


#include <chrono>
#include <filesystem>
#include <fstream>

using namespace labkit;
using namespace std::chrono_literals;

namespace {

ProcessResult run(const std::string& command, std::chrono::milliseconds timeout = 10s, std::size_t cap = 1 << 20) {
  ProcessRequest request{command, std::filesystem::temp_directory_path(), timeout, cap};
  return run_process(request);
}

}  // namespace

TEST_CASE("process: exit code, stdout and stderr", "[process]") {
  const auto result = run("echo out; echo err >&2; exit 3");
  CHECK(result.exit_code == 3);
  CHECK(result.out == "out\n");
  CHECK(result.err == "err\n");
  CHECK_FALSE(result.timed_out);
}

TEST_CASE("process: stdin is /dev/null, so a reader does not hang", "[process]") {
  const auto result = run("cat; echo done");
  CHECK(result.out == "done\n");
}

TEST_CASE("process: death by signal is reported", "[process]") {
  const auto result = run("kill -9 $$");
  CHECK(result.signal == 9);
  CHECK(result.exit_code == -1);
}

TEST_CASE("process: a timeout ends the whole group, also a process ignoring SIGTERM", "[process]") {
  const auto pid_file = std::filesystem::temp_directory_path() / "labs-process-test.pid";
  const auto started = std::chrono::steady_clock::now();
  const auto result = run("trap '' TERM; (trap '' TERM; sleep 60) & echo $! > " + pid_file.string() + "; sleep 60", 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(result.timed_out);
  CHECK(elapsed < 10s);
  const pid_t child = test::read_pid(pid_file);
  std::filesystem::remove(pid_file);
  REQUIRE(child > 0);
  CHECK(test::process_gone_soon(child));
}

TEST_CASE("process: what a probe leaves running in its group is ended when it exits", "[process]") {
  const auto pid_file = std::filesystem::temp_directory_path() / "labs-process-bg.pid";
  const auto result = run("sleep 60 > /dev/null 2>&1 & echo $! > " + pid_file.string());
  CHECK(result.exit_code == 0);
  const pid_t child = test::read_pid(pid_file);
  std::filesystem::remove(pid_file);
  REQUIRE(child > 0);
  CHECK(test::process_gone_soon(child));
}

TEST_CASE("process: output is capped and the excess counted", "[process]") {
  const auto result = run("head -c 100000 /dev/zero", 10s, 1000);
  CHECK(result.out.size() == 1000);
  CHECK(result.bytes_dropped == 99000);
}
