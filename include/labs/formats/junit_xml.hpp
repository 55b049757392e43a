#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// One <testcase> of a JUnit XML report.
struct TestCaseResult {
  enum class Outcome { passed, failed, error, skipped };
  std::string classname;  ///< pytest: the file's dotted path plus classes, e.g. tests.test_model.TestModel
  std::string name;       ///< e.g. test_accuracy[small]
  Outcome outcome = Outcome::passed;
  std::string message;  ///< the failure, error or skip message
  std::string detail;   ///< the element's text (traceback)
  /// pytest's node id again: tests/test_model.py::TestModel::test_accuracy[small]
  std::string node_id() const;
};

struct JUnitReport {
  std::vector<TestCaseResult> cases;
  std::size_t count(TestCaseResult::Outcome outcome) const;
};

/// Reads a JUnit XML document as pytest writes it (--junitxml, any
/// junit_family); nullopt with `error` set when it is not one.
std::optional<JUnitReport> read_junit_xml(std::string_view xml, std::string& error);

/// Whether a lab's test name — `tests/test_x.py`, `tests/test_x.py::test_y`,
/// `tests/test_x.py::TestCls::test_y` or a bare `test_y` — names this case.
/// Parameters are ignored: `test_y` names `test_y[1]` and `test_y[2]`.
bool names_test_case(const std::string& wanted, const TestCaseResult& test_case);

}  // namespace labkit
