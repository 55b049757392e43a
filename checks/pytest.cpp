// The `pytest` check: runs the learner's tests with pytest and judges them
// from its JUnit XML report, not from its console output.
#include <labs/base/text_match.hpp>
#include <labs/formats/junit_xml.hpp>
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace labkit {

namespace {

constexpr std::size_t kShownFailures = 3;

/// The first Python that can import pytest: the learner's virtualenv, then
/// python3 on PATH, then Debian's; the `pytest` script as a last resort.
std::string pytest_command(const std::vector<std::string>& args) {
  std::string quoted;
  for (const auto& arg : args) quoted += " " + shell_quote(arg);
  return "py=" + python_with("pytest") + "; if [ -n \"$py\" ]; then exec \"$py\" -m pytest" + quoted +
         "; fi; exec pytest" + quoted;
}

std::string first_line(const std::string& text) {
  const auto start = text.find_first_not_of("\n ");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "labs-pytest-XXXXXX.xml").string();
    const int fd = ::mkstemps(pattern.data(), 4);
    if (fd >= 0) ::close(fd), m_path = pattern;
  }
  ~TempFile() {
    if (!m_path.empty()) std::filesystem::remove(m_path);
  }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

class PytestCheck final : public Check {
 public:
  std::vector<std::string> args;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<long> memory_mb;
  long min_tests = 1;
  std::optional<long> max_skipped;
  bool all_pass = true;
  std::vector<std::string> tests;

  std::string describe() const override {
    std::string what =
        fmt::format("pytest{}{} runs at least {} test(s)", args.empty() ? "" : " ", fmt::join(args, " "), min_tests);
    if (all_pass) what += ", all passing";
    if (!tests.empty()) what += fmt::format("; these exist and pass: {}", fmt::join(tests, ", "));
    if (max_skipped) what += fmt::format("; at most {} skipped", *max_skipped);
    return what;
  }

  StepOutcome run(const CheckContext& context) const override {
    TempFile report_file;
    if (report_file.path().empty()) return {Status::error, "cannot create a temporary file for pytest's report"};
    // No cache folder and no bytecode in the learner's work tree: a probe must not dirty it.
    std::vector<std::string> full_args{"-p", "no:cacheprovider", "-q", "--junitxml=" + report_file.path()};
    full_args.insert(full_args.end(), args.begin(), args.end());
    ProcessRequest request{pytest_command(full_args), context.root(),
                           timeout.value_or(context.settings.default_timeout), 1 << 20,
                           probe_environment(context.root(), {}, {"PYTHONDONTWRITEBYTECODE=1"})};
    request.containment.writable.push_back(report_file.path());
    set_memory_limit(request.containment, memory_mb);
    const ProcessResult result = run_process(request);
    if (!result.launch_error.empty()) return {Status::error, "could not start pytest: " + result.launch_error};
    if (result.timed_out) {
      return {Status::fail, fmt::format("pytest did not finish within {} s and was stopped; last output:\n{}",
                                        request.timeout.count() / 1000.0, last_lines(result.out, 5))};
    }
    std::string error;
    std::optional<std::string> xml = read_text_file(report_file.path(), 64 << 20, error);
    std::optional<JUnitReport> report;
    if (xml && !xml->empty()) report = read_junit_xml(*xml, error);
    return judge(result, report);
  }

 private:
  StepOutcome judge(const ProcessResult& result, const std::optional<JUnitReport>& report) const {
    const std::string output = last_lines(result.out + result.err, 8);
    switch (result.exit_code) {
      case 5:
        if (const auto filter = std::find(args.begin(), args.end(), "-k");
            filter != args.end() && filter + 1 != args.end() && output.find("deselected") != std::string::npos) {
          return {Status::fail,
                  fmt::format("pytest found tests, but none whose name has '{}' (-k {}): name the tests for what "
                              "they check, e.g. test_{}_...\n{}",
                              *(filter + 1), *(filter + 1), *(filter + 1), output)};
        }
        return {Status::fail,
                "pytest collected no tests: put them in files named test_*.py (e.g. tests/test_data.py) "
                "with functions named test_*"};
      case 4:
        return {Status::fail, fmt::format("pytest reported a usage error (exit 4):\n{}", output)};
      case 3:
        return {Status::fail, fmt::format("pytest hit an internal error (exit 3):\n{}", output)};
      case 2:
        if (report) {
          for (const auto& c : report->cases) {
            if (c.outcome == TestCaseResult::Outcome::error) {
              return {Status::fail, fmt::format("pytest could not collect the tests (exit 2); first error in {}:\n{}",
                                                c.classname, last_lines(c.detail, 6))};
            }
          }
        }
        return {Status::fail, fmt::format("pytest was interrupted (exit 2), e.g. by a collection error:\n{}", output)};
      case 0:
      case 1:
        break;
      default:
        if (result.exit_code == 127 || result.exit_code == 126 || !report) {
          return {Status::error, fmt::format("pytest could not be run (exit {}): install it in your virtualenv "
                                             "(pip install pytest) or on the machine\n{}",
                                             result.exit_code, output)};
        }
    }
    if (!report) return {Status::error, "pytest wrote no readable JUnit report:\n" + output};
    return judge_cases(*report);
  }

  StepOutcome judge_cases(const JUnitReport& report) const {
    using Outcome = TestCaseResult::Outcome;
    const std::size_t total = report.cases.size();
    const std::size_t passed = report.count(Outcome::passed), skipped = report.count(Outcome::skipped);
    const std::size_t failed = report.count(Outcome::failed) + report.count(Outcome::error);
    const std::string tally =
        fmt::format("{} test(s): {} passed, {} failed, {} skipped", total, passed, failed, skipped);
    for (const auto& wanted : tests) {
      bool found = false;
      for (const auto& c : report.cases) {
        if (!names_test_case(wanted, c)) continue;
        found = true;
        if (c.outcome == Outcome::failed || c.outcome == Outcome::error) {
          return {Status::fail, fmt::format("{} fails: {}", c.node_id(), first_line(c.message))};
        }
      }
      if (!found) return {Status::fail, fmt::format("no test {} was run ({})", wanted, tally)};
    }
    // A skipped or xfail test checked nothing: only the ones that ran count.
    if (static_cast<long>(total - skipped) < min_tests) {
      return {Status::fail, fmt::format("{}; need at least {} test(s) that run (skipped and xfail ones do not count)",
                                        tally, min_tests)};
    }
    if (all_pass && failed > 0) {
      std::vector<std::string> failures;
      for (const auto& c : report.cases) {
        if ((c.outcome == Outcome::failed || c.outcome == Outcome::error) && failures.size() < kShownFailures) {
          failures.push_back(fmt::format("  {}: {}", c.node_id(), first_line(c.message)));
        }
      }
      return {Status::fail, fmt::format("{}\n{}", tally, fmt::join(failures, "\n"))};
    }
    if (max_skipped && static_cast<long>(skipped) > *max_skipped) {
      return {Status::fail, fmt::format("{}; at most {} may be skipped", tally, *max_skipped)};
    }
    return {Status::pass, tally};
  }
};

}  // namespace

std::unique_ptr<Check> parse_pytest_check(SpecMap& spec) {
  auto check = std::make_unique<PytestCheck>();
  check->args = spec.string_list("args").value_or(std::vector<std::string>{});
  check->timeout = spec.seconds("timeout", 86400);
  check->memory_mb = spec.integer("memory_mb", kLeastMemoryMib, kMostMemoryMib);
  check->min_tests = spec.integer("min_tests", 0, 1'000'000).value_or(1);
  check->max_skipped = spec.integer("max_skipped", 0, 1'000'000);
  check->all_pass = spec.boolean("all_pass").value_or(true);
  check->tests = spec.string_list("tests").value_or(std::vector<std::string>{});
  return check;
}

}  // namespace labkit
