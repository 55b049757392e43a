// End to end: a numeric flag given nan, inf or a value out of its range is bad
// usage (exit 2) before anything runs, never a gate that passes or a probe
// without a time limit.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;

namespace {

/// A project that has done one of the two items of a week-1 lab.
struct HalfDone {
  TempDir temp;
  TestRepo repo{temp.path() / "project"};
  std::string labs = (temp.path() / "labs").string();
  HalfDone() {
    repo.write("a.txt", "a\n");
    repo.commit("Add a file");
    test::write_text(temp.path() / "labs/lab.yaml",
                     test::lab_yaml("half", 1, {{"done", "file: {path: a.txt}"}, {"todo", "file: {path: b.txt}"}}));
  }
  test::LabsRun verify(const std::vector<std::string>& flags) const {
    std::vector<std::string> args{"--labs", labs, "verify", "week1"};
    args.insert(args.end(), flags.begin(), flags.end());
    return run_labs(args, temp.path() / "project");
  }
};

}  // namespace

TEST_CASE("number flags: --min-percent nan does not pass a failing run", "[e2e][number-flags]") {
  HalfDone p;
  CHECK(p.verify({}).exit_code == 1);
  CHECK(p.verify({"--min-percent", "50"}).exit_code == 0);
  const auto nan = p.verify({"--min-percent", "nan"});
  CHECK(nan.exit_code == 2);
  CHECK_THAT(nan.err, Catch::StartsWith("--min-percent: nan is not a number"));
  CHECK(nan.out.empty());
  const auto above = p.verify({"--min-percent", "100.5"});
  CHECK(above.exit_code == 2);
  CHECK_THAT(above.err, Catch::StartsWith("--min-percent: 100.5 is not between 0 and 100"));
}

TEST_CASE("number flags: nan, inf and out-of-range values of every numeric flag exit 2", "[e2e][number-flags]") {
  HalfDone p;
  const std::vector<std::pair<std::string, std::string>> verify_flags{
      {"--timeout", "nan"},      {"--timeout", "NAN"},    {"--timeout", "inf"},
      {"--timeout", "-inf"},     {"--timeout", "1e999"},  {"--timeout", "0"},
      {"--min-percent", "-inf"}, {"--min-percent", "-1"}, {"--min-score", "nan"},
      {"--min-score", "-1"},     {"--jobs", "nan"},       {"--jobs", "0"},
      {"--jobs", "-1"},          {"--jobs", "inf"},       {"--min-percent", "infinity"}};
  for (const auto& [flag, value] : verify_flags) {
    INFO(flag << ' ' << value);
    const auto run = p.verify({flag, value});
    CHECK(run.exit_code == 2);
    // "--timeout: ..." from a range check, "Could not convert: --min-score = nan" from an integer's.
    CHECK_THAT(run.err, Catch::Contains(flag + ": ") || Catch::Contains(flag + " = "));
    CHECK(run.out.empty());
  }
  const auto timeout = p.verify({"--timeout", "nan"});
  CHECK_THAT(timeout.err, Catch::StartsWith("--timeout: nan is not a number"));
  CHECK(p.verify({"--timeout", "0.5"}).exit_code == 1);

  test::write_text(p.temp.path() / "roster.csv", "student,repo\nann," + (p.temp.path() / "project").string() + "\n");
  const std::string roster = (p.temp.path() / "roster.csv").string();
  const std::string out = (p.temp.path() / "grades").string();
  const std::vector<std::pair<std::string, std::string>> grade_flags{
      {"--repo-timeout", "nan"}, {"--repo-timeout", "inf"},  {"--repo-timeout", "0.5"},
      {"--cpu", "nan"},          {"--max-file-size", "inf"}, {"--max-processes", "-nan"}};
  for (const auto& [flag, value] : grade_flags) {
    INFO(flag << ' ' << value);
    const auto run = run_labs({"--labs", p.labs, "grade", roster, "week1", "--out", out, flag, value}, p.temp.path());
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains(flag + ": ") || Catch::Contains(flag + " = "));
  }
  for (const std::string value : {"0", "257", "nan"}) {
    INFO("selftest --jobs " << value);
    const auto run = run_labs({"--labs", p.labs, "selftest", "all", "--jobs", value}, p.temp.path());
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::StartsWith("--jobs: "));
  }
}
