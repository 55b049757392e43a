// The mutation check on real pytest suites: tests that check what the code
// returns catch every break; tests that only call it, or check too little,
// let a break survive. The learner's files are never changed.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/process/sandbox.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kModel = R"(def preprocess(rows):
    """Strips every row."""
    return [row.strip() for row in rows]


def predict(x):
    return x * 2
)";

}  // namespace

TEST_CASE("mutation: tests that check what the code returns catch every break", "[mutation][probes]") {
  REQUIRE(sandbox_active());
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("src/model.py", kModel);
  repo.write("tests/conftest.py",
             "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parents[1] / 'src'))\n");
  repo.write("tests/test_model.py",
             "from model import predict, preprocess\n\ndef test_predict():\n    assert predict(2) == 4\n\n"
             "def test_preprocess():\n    assert preprocess([' a ']) == ['a']\n");
  repo.commit("Model and tests");
  struct stat before {};
  REQUIRE(::stat((temp.path() / "src/model.py").c_str(), &before) == 0);
  const auto outcome = run_step("mutation: {}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("your tests caught all 8 break(s)"));
  CHECK_THAT(outcome.evidence, Catch::Contains("predict (src/model.py:6) returns None"));
  // Never written over: same text, same modification time.
  CHECK(test::read_text(temp.path() / "src/model.py") == kModel);
  struct stat after {};
  REQUIRE(::stat((temp.path() / "src/model.py").c_str(), &after) == 0);
  CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
  CHECK(after.st_mtim.tv_sec == before.st_mtim.tv_sec);
}

TEST_CASE("mutation: tests that only call the code let a break survive", "[mutation][probes]") {
  REQUIRE(sandbox_active());
  SECTION("a test that asserts nothing about the result") {
    const auto outcome = test::run_step_on_files(
        {{"model.py", kModel}, {"test_model.py", "from model import predict\n\ndef test_predict():\n    predict(2)\n"}},
        "mutation: {functions: [predict]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("predict (model.py:6) returns None"));
    CHECK(outcome.path == "model.py");
  }
  SECTION("a test that only checks the result is not None") {
    const auto outcome = test::run_step_on_files(
        {{"model.py", kModel},
         {"test_model.py", "from model import predict\n\ndef test_predict():\n    assert predict(2) is not None\n"}},
        "mutation: {functions: [predict]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("predict (model.py:6) returns 0"));
    CHECK_THAT(outcome.evidence, Catch::Contains("predict (model.py:6) returns its input x"));
  }
}

TEST_CASE("mutation: another layout and unittest, with the function named by the lab", "[mutation][probes]") {
  REQUIRE(sandbox_active());
  const auto outcome = test::run_step_on_files(
      {{"app/ml/inference.py", "class Scorer:\n    def score(self, value):\n        return value + 1\n"},
       {"app/__init__.py", ""},
       {"app/ml/__init__.py", ""},
       {"tests/__init__.py", ""},
       {"tests/test_inference.py",
        "import unittest\nfrom app.ml.inference import Scorer\n\nclass ScoreTest(unittest.TestCase):\n"
        "    def test_score(self):\n        self.assertEqual(Scorer().score(1), 2)\n"}},
      "mutation: {functions: [score], run: 'python3 -m unittest discover -s tests -t .'}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("score (app/ml/inference.py:2) returns its input value"));
}

TEST_CASE("mutation: a suite that fails already, or no function to break, is said so", "[mutation][probes]") {
  REQUIRE(sandbox_active());
  SECTION("failing suite") {
    const auto outcome = test::run_step_on_files(
        {{"model.py", kModel},
         {"test_model.py", "from model import predict\n\ndef test_predict():\n    assert predict(2) == 5\n"}},
        "mutation: {}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("does not pass before any change"));
  }
  SECTION("no function") {
    const auto outcome =
        test::run_step_on_files({{"main.py", "print(1)\n"}, {"test_main.py", "def test_x():\n    assert 1 == 1\n"}},
                                "mutation: {functions: [predict]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("no function named predict"));
  }
}

TEST_CASE("mutation: without the sandbox the step is skipped, never run over the learner's files",
          "[mutation][probes]") {
  const SandboxMode mode = sandbox_mode();
  set_sandbox_mode(SandboxMode::off);
  const auto outcome = test::run_step_on_files(
      {{"model.py", kModel}, {"test_model.py", "from model import predict\n\ndef test_p():\n    predict(1)\n"}},
      "mutation: {}");
  set_sandbox_mode(mode);
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::skip);
  CHECK_THAT(outcome.evidence, Catch::Contains("needs the sandbox"));
}

TEST_CASE("mutation: a stub body, a route handler and a dead first definition", "[mutation][probes]") {
  REQUIRE(sandbox_active());
  SECTION("a function with only a docstring and ... fails, whatever the tests") {
    const auto outcome =
        test::run_step_on_files({{"model.py", "def predict(x):\n    \"\"\"Predict.\"\"\"\n    ...\n"},
                                 {"test_model.py", "from model import predict\n\ndef test_p():\n    predict(3)\n"}},
                                "mutation: {functions: [predict]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("predict (model.py:1) has no body yet"));
  }
  SECTION("the API's handler is left alone, the model's predict is broken; the later definition is the one") {
    const auto outcome = test::run_step_on_files(
        {{"model.py", "def predict(x):\n    return x\n\n\ndef predict(x):\n    return x * 2 + 1\n"},
         {"app.py",
          "from fastapi import FastAPI\nimport model\napp = FastAPI()\n\n@app.post('/predict')\n"
          "def predict(x: int):\n    return {'y': model.predict(x)}\n"},
         {"test_model.py", "from model import predict\n\ndef test_p():\n    assert predict(3) == 7\n"}},
        "mutation: {functions: [predict]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("predict (model.py:5)"));
    CHECK_THAT(outcome.evidence, !Catch::Contains("app.py"));
  }
}
