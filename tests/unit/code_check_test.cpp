// The code check reads the learner's Python with Python's parser: stubs that
// only mention the work in comments, docstrings or strings fail; the same
// work written another way (aliases, from-imports, routers, Flask, unittest)
// passes.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

StepOutcome run_on(const std::vector<std::pair<std::string, std::string>>& files, const std::string& step) {
  TempDir temp;
  TestRepo repo(temp.path());
  for (const auto& [path, text] : files) repo.write(path, text);
  repo.commit("Work");
  return run_step(step, temp.path());
}

}  // namespace

TEST_CASE("code: a mention in a docstring, a comment or a string is not a call", "[code]") {
  const auto outcome = run_on({{"train.py", R"(""" Trains the model.

import mlflow
mlflow.log_metric("accuracy", 0.9)
"""
# mlflow.log_metric("accuracy", acc)
NOTE = "mlflow.log_metric(acc) comes later"
print("import mlflow")
)"}},
                              "code: {imports: [mlflow], calls: [mlflow.log_metric]}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no module imports mlflow"));
  CHECK_THAT(outcome.evidence, Catch::Contains("no code calls mlflow.log_metric"));
  CHECK_THAT(outcome.evidence, Catch::Contains("comments, docstrings and strings are not code"));
}

TEST_CASE("code: calls are found through aliases and from-imports", "[code]") {
  SECTION("import as") {
    const auto outcome =
        run_on({{"src/pkg/train.py", "import mlflow as ml\n\ndef main():\n    ml.log_metric('a', 1)\n"}},
               "code: {calls: [mlflow.log_metric]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("mlflow.log_metric called at src/pkg/train.py:4"));
  }
  SECTION("from import, and alternatives") {
    const auto outcome = run_on({{"train.py", "from mlflow import log_metrics\nlog_metrics({'a': 1})\n"}},
                                "code: {calls: ['mlflow.log_metric|mlflow.log_metrics'], imports: [mlflow]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("a submodule import counts for its package, globs match names") {
    const auto outcome = run_on({{"model.py", "import sklearn.linear_model\nm = sklearn.linear_model.Ridge()\n"}},
                                "code: {imports: [sklearn], calls: ['sklearn.*']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
}

TEST_CASE("code: routes of FastAPI apps, routers and Flask", "[code]") {
  SECTION("FastAPI app") {
    const auto outcome =
        run_on({{"app/main.py",
                 "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/predict')\ndef predict(x: dict):\n"
                 "    return {'y': 1}\n"}},
               "code: {routes: ['POST /predict']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("app/main.py:4 (predict)"));
  }
  SECTION("a router under a prefix, path parameters named otherwise") {
    const auto outcome = run_on({{"src/api/routes.py",
                                  "from fastapi import APIRouter\nrouter = APIRouter(prefix='/api/v1')\n\n"
                                  "@router.get('/todos/{todo_id}')\nasync def one(todo_id: str):\n    return {}\n"}},
                                "code: {routes: ['GET /todos/{id}']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("Flask route with methods and a converter") {
    const auto outcome = run_on({{"server.py",
                                  "from flask import Flask\napp = Flask(__name__)\n\n"
                                  "@app.route('/todos/<uuid:todo_id>', methods=['DELETE'])\ndef gone(todo_id):\n"
                                  "    return '', 204\n"}},
                                "code: {routes: ['DELETE /todos/{id}']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("a route named only in a string or for another method fails") {
    const auto outcome = run_on({{"app.py",
                                  "from fastapi import FastAPI\napp = FastAPI()\nDOC = \"@app.post('/predict')\"\n\n"
                                  "@app.get('/predict')\ndef predict():\n    return 1\n"}},
                                "code: {routes: ['POST /predict']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("no route serves POST /predict"));
  }
}

TEST_CASE("code: tests count across files only when they check something", "[code]") {
  SECTION("five asserting tests in two files and a unittest class") {
    const auto outcome = run_on({{"tests/test_model.py",
                                  "import pytest\n\ndef test_a():\n    assert 1 + 1 == 2\n\ndef test_b():\n    with "
                                  "pytest.raises(ValueError):\n"
                                  "        int('x')\n\ndef test_c():\n    assert [1] == [1]\n"},
                                 {"tests/test_data.py",
                                  "import unittest\n\nclass DataTest(unittest.TestCase):\n    def test_d(self):\n      "
                                  "  self.assertEqual(1, 1)\n"
                                  "    def test_e(self):\n        self.assertTrue([1])\n"}},
                                "code: {tests: {min: 5}}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("5 test function(s) that check something"));
  }
  SECTION("tests that pass, assert True or only mention assert in a comment do not count") {
    const auto outcome =
        run_on({{"tests/test_model.py",
                 "def test_model():\n    pass\n\ndef test_true():\n    assert True\n\n"
                 "def test_comment():\n    x = 1  # assert x == 1\n\ndef helper():\n    assert 1 == 1\n"}},
               "code: {tests: {min: 1}}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("0 test function(s) check something"));
    CHECK_THAT(outcome.evidence, Catch::Contains("3 test(s) assert nothing, the first at tests/test_model.py:1"));
  }
}

TEST_CASE("code: a file Python cannot parse is named, the others are still read", "[code]") {
  const auto outcome =
      run_on({{"broken.py", "def f(:\n    pass\n"}, {"ok.py", "import yaml\n"}}, "code: {imports: [yaml, mlflow]}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no module imports mlflow"));
  CHECK_THAT(outcome.evidence, Catch::Contains("broken.py was not read"));
  CHECK_THAT(outcome.evidence, Catch::Contains("(line 1)"));
}

TEST_CASE("code: a package tree in the repository is not the learner's code", "[code]") {
  const auto outcome =
      run_on({{".venv/pyvenv.cfg", "home = /usr/bin\n"},
              {".venv/lib/python3.11/site-packages/pkg/mod.py", "import mlflow\nmlflow.log_metric('a', 1)\n"},
              {"train.py", "print('todo')\n"}},
             "code: {calls: [mlflow.log_metric]}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
}

TEST_CASE("code: a step without a question or with a route that is not METHOD /path is a lint error", "[code]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("code: {files: '**/*.py'}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("needs at least one of"));
  Diagnostics routes;
  CHECK_FALSE(test::parse_step("code: {routes: [predict]}", routes));
  CHECK_THAT(test::messages(routes), Catch::Contains("is not METHOD /path"));
}
