// LineWorker: a real helper process (sh) asked line by line; one that hangs
// or dies is ended, reported, and replaced on the next ask.
#include "support/processes.hpp"

#include <labs/process/line_worker.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using namespace labkit;
using namespace std::chrono_literals;

namespace {

/// Answers each line with its own pid; "hang" never answers, "exit" exits 3.
LineWorker pid_echo() {
  return LineWorker(
      {"sh", "-c", "while read l; do [ \"$l\" = hang ] && sleep 60; [ \"$l\" = exit ] && exit 3; echo $$ \"$l\"; done"},
      std::filesystem::temp_directory_path(), {"PATH=/usr/bin:/bin"});
}

pid_t pid_of(const std::optional<std::string>& line) { return line ? std::stoi(*line) : -1; }

}  // namespace

TEST_CASE("line worker: one helper answers every ask, in order", "[process]") {
  LineWorker worker = pid_echo();
  const auto first = worker.ask("one", 5s);
  const auto second = worker.ask("two", 5s);
  REQUIRE(first.line);
  REQUIRE(second.line);
  CHECK(first.line->ends_with(" one"));
  CHECK(second.line->ends_with(" two"));
  CHECK(pid_of(first.line) == pid_of(second.line));
}

TEST_CASE("line worker: a fresh helper takes over after the set number of answers", "[process]") {
  LineWorker worker({"sh", "-c", "while read l; do echo $$; done"}, std::filesystem::temp_directory_path(),
                    {"PATH=/usr/bin:/bin"}, 2);
  const pid_t first = pid_of(worker.ask("a", 5s).line);
  CHECK(pid_of(worker.ask("b", 5s).line) == first);
  const pid_t third = pid_of(worker.ask("c", 5s).line);
  CHECK(third > 0);
  CHECK(third != first);
  CHECK(test::process_gone_soon(first));
}

TEST_CASE("line worker: a helper that does not answer in time is killed and replaced", "[process]") {
  LineWorker worker = pid_echo();
  const pid_t before = pid_of(worker.ask("a", 5s).line);
  REQUIRE(before > 0);
  const auto hung = worker.ask("hang", 300ms);
  CHECK_FALSE(hung.line);
  CHECK(hung.timed_out);
  CHECK(test::process_gone_soon(before));
  const auto after = worker.ask("b", 5s);
  REQUIRE(after.line);
  CHECK(pid_of(after.line) != before);
}

TEST_CASE("line worker: a helper that dies says how, and the next ask starts a new one", "[process]") {
  LineWorker worker = pid_echo();
  const auto died = worker.ask("exit", 5s);
  CHECK_FALSE(died.line);
  CHECK_FALSE(died.timed_out);
  CHECK_THAT(died.problem, Catch::Contains("exited with 3"));
  CHECK(worker.ask("again", 5s).line);
  LineWorker missing({"no-such-program-labs"}, std::filesystem::temp_directory_path(), {});
  const auto never = missing.ask("x", 1s);
  CHECK_FALSE(never.line);
  CHECK_THAT(never.problem, Catch::Contains("could not start no-such-program-labs"));
}
