// The pytest check against real pytest (Debian's python3-pytest) on small
// projects written for each case.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/formats/junit_xml.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

struct PyProject {
  TempDir temp;
  TestRepo repo{temp.path()};
  PyProject() {
    repo.write("src/prep.py", "def normalize(xs):\n    top = max(xs)\n    return [x / top for x in xs]\n");
    repo.write("tests/conftest.py",
               "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent.parent / 'src'))\n");
    repo.write(
        "tests/test_prep.py",
        "from prep import normalize\n\n"
        "def test_max_is_one():\n    assert max(normalize([1, 2, 4])) == 1\n\n"
        "def test_keeps_length():\n    assert len(normalize([3, 1])) == 2\n\n"
        "class TestShape:\n    def test_positive(self):\n        assert all(x > 0 for x in normalize([1, 2]))\n");
  }
  const std::filesystem::path& dir() const { return temp.path(); }
};

}  // namespace

TEST_CASE("pytest: a passing suite", "[pytest]") {
  PyProject p;
  const auto outcome = run_step("pytest: {min_tests: 3}", p.dir());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "3 test(s): 3 passed, 0 failed, 0 skipped");
  CHECK(run_step("pytest: {min_tests: 4}", p.dir()).evidence ==
        "3 test(s): 3 passed, 0 failed, 0 skipped; need at least 4 test(s) that run (skipped and xfail ones do not "
        "count)");
  CHECK(
      run_step("pytest: {tests: [tests/test_prep.py::TestShape::test_positive, tests/test_prep.py, test_keeps_length]}",
               p.dir())
          .status == Status::pass);
  CHECK(run_step("pytest: {tests: [tests/test_model.py]}", p.dir()).evidence ==
        "no test tests/test_model.py was run (3 test(s): 3 passed, 0 failed, 0 skipped)");
  // The probe leaves no cache or bytecode in the learner's work tree.
  CHECK_FALSE(std::filesystem::exists(p.dir() / ".pytest_cache"));
  CHECK_FALSE(std::filesystem::exists(p.dir() / "tests/__pycache__"));
}

TEST_CASE("pytest: failing tests are named with their message", "[pytest]") {
  PyProject p;
  p.repo.write("tests/test_model.py",
               "def test_accuracy():\n    accuracy = 0.5\n    assert accuracy >= 0.7, 'accuracy too low'\n");
  const auto outcome = run_step("pytest: {}", p.dir());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("4 test(s): 3 passed, 1 failed, 0 skipped\n"));
  CHECK_THAT(outcome.evidence, Catch::Contains("tests/test_model.py::test_accuracy: AssertionError: accuracy too low"));
  CHECK(run_step("pytest: {all_pass: false}", p.dir()).status == Status::pass);
  CHECK_THAT(run_step("pytest: {all_pass: false, tests: [tests/test_model.py::test_accuracy]}", p.dir()).evidence,
             Catch::StartsWith("tests/test_model.py::test_accuracy fails: AssertionError: accuracy too low"));
  CHECK(run_step("pytest: {args: [tests/test_prep.py]}", p.dir()).status == Status::pass);
}

TEST_CASE("pytest: no tests collected (exit 5)", "[pytest]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("src/app.py", "x = 1\n");
  const auto outcome = run_step("pytest: {}", temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("pytest collected no tests"));
}

TEST_CASE("pytest: skipped and xfail tests are not tests that ran, and a -k that picks none says so", "[pytest]") {
  PyProject p;
  p.repo.write("tests/test_model.py",
               "import pytest\n\n@pytest.mark.xfail\ndef test_model_accuracy():\n    assert False\n\n"
               "@pytest.mark.skip(reason='later')\ndef test_model_saved():\n    assert False\n");
  const auto laundered = run_step("pytest: {args: [-k, model], min_tests: 1}", p.dir());
  CHECK(laundered.status == Status::fail);
  CHECK_THAT(laundered.evidence, Catch::Contains("0 passed") && Catch::Contains("skipped and xfail ones do not count"));
  const auto deselected = run_step("pytest: {args: [-k, data], min_tests: 1}", p.dir());
  CHECK(deselected.status == Status::fail);
  CHECK_THAT(deselected.evidence, Catch::StartsWith("pytest found tests, but none whose name has 'data' (-k data)"));
}

TEST_CASE("pytest: a collection error (exit 2) shows the first error", "[pytest]") {
  PyProject p;
  p.repo.write("tests/test_broken.py", "import not_a_module_anywhere\n\ndef test_x():\n    pass\n");
  const auto outcome = run_step("pytest: {}", p.dir());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("pytest could not collect the tests (exit 2)"));
  CHECK_THAT(outcome.evidence, Catch::Contains("not_a_module_anywhere"));
}

TEST_CASE("pytest: a usage error (exit 4)", "[pytest]") {
  PyProject p;
  const auto outcome = run_step("pytest: {args: [--no-such-option]}", p.dir());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("pytest reported a usage error (exit 4)"));
}

TEST_CASE("pytest: skipped tests can be limited", "[pytest]") {
  PyProject p;
  p.repo.write("tests/test_slow.py", "import pytest\n\n@pytest.mark.skip(reason='slow')\ndef test_big():\n    pass\n");
  CHECK(run_step("pytest: {}", p.dir()).status == Status::pass);
  CHECK(run_step("pytest: {max_skipped: 0}", p.dir()).evidence ==
        "4 test(s): 3 passed, 0 failed, 1 skipped; at most 0 may be skipped");
}

TEST_CASE("pytest: a suite that hangs is stopped at its timeout", "[pytest][hostile]") {
  PyProject p;
  p.repo.write("tests/test_hang.py", "import time\n\ndef test_forever():\n    time.sleep(600)\n");
  const auto outcome = run_step("pytest: {timeout: 2}", p.dir());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("pytest did not finish within 2 s"));
}

TEST_CASE("junit xml: pytest's report is read, bad input is refused", "[pytest][junit]") {
  std::string error;
  const auto report = read_junit_xml(R"(<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">
<testsuite name="pytest" errors="0" failures="1" skipped="1" tests="3" time="0.1">
<testcase classname="tests.test_model.TestModel" name="test_fit[small]" time="0.01"/>
<testcase classname="tests.test_model" name="test_accuracy" time="0.01"><failure message="assert 0.5 &gt;= 0.7">trace</failure></testcase>
<testcase classname="tests.test_data" name="test_big" time="0.0"><skipped type="pytest.skip" message="slow">tests/test_data.py:3: slow</skipped></testcase>
</testsuite></testsuites>)",
                                     error);
  REQUIRE(report);
  REQUIRE(report->cases.size() == 3);
  CHECK(report->cases[0].node_id() == "tests/test_model.py::TestModel::test_fit[small]");
  CHECK(report->cases[1].outcome == TestCaseResult::Outcome::failed);
  CHECK(report->cases[1].message == "assert 0.5 >= 0.7");
  CHECK(report->count(TestCaseResult::Outcome::skipped) == 1);
  CHECK(names_test_case("tests/test_model.py::TestModel::test_fit", report->cases[0]));
  CHECK(names_test_case("tests/test_model.py", report->cases[0]));
  CHECK(names_test_case("test_fit", report->cases[0]));
  CHECK_FALSE(names_test_case("tests/test_model.py::test_fit", report->cases[0]));
  CHECK_FALSE(names_test_case("tests/test_mod.py", report->cases[0]));
  CHECK_FALSE(read_junit_xml("<testsuite><testcase", error));
  CHECK_THAT(error, Catch::StartsWith("not valid XML"));
  CHECK_FALSE(read_junit_xml("<html/>", error));
  CHECK(error == "not a JUnit report (root element <html>)");
}
