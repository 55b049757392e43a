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

TEST_CASE("code: a mention in a docstring, a comment or a string is not a call", "[code]") {
  const auto outcome = test::run_step_on_files({{"train.py", R"(""" Trains the model.

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
    const auto outcome = test::run_step_on_files(
        {{"src/pkg/train.py", "import mlflow as ml\n\ndef main():\n    ml.log_metric('a', 1)\n"}},
        "code: {calls: [mlflow.log_metric]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("mlflow.log_metric called at src/pkg/train.py:4"));
  }
  SECTION("from import, and alternatives") {
    const auto outcome =
        test::run_step_on_files({{"train.py", "from mlflow import log_metrics\nlog_metrics({'a': 1})\n"}},
                                "code: {calls: ['mlflow.log_metric|mlflow.log_metrics'], imports: [mlflow]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("a submodule import counts for its package, globs match names") {
    const auto outcome =
        test::run_step_on_files({{"model.py", "import sklearn.linear_model\nm = sklearn.linear_model.Ridge()\n"}},
                                "code: {imports: [sklearn], calls: ['sklearn.*']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
}

TEST_CASE("code: routes of FastAPI apps, routers and Flask", "[code]") {
  SECTION("FastAPI app") {
    const auto outcome = test::run_step_on_files(
        {{"app/main.py",
          "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/predict')\ndef predict(x: dict):\n"
          "    return {'y': 1}\n"}},
        "code: {routes: ['POST /predict']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("app/main.py:4 (predict)"));
  }
  SECTION("a router under a prefix, path parameters named otherwise") {
    const auto outcome =
        test::run_step_on_files({{"src/api/routes.py",
                                  "from fastapi import APIRouter\nrouter = APIRouter(prefix='/api/v1')\n\n"
                                  "@router.get('/todos/{todo_id}')\nasync def one(todo_id: str):\n    return {}\n"}},
                                "code: {routes: ['GET /todos/{id}']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("Flask route with methods and a converter") {
    const auto outcome =
        test::run_step_on_files({{"server.py",
                                  "from flask import Flask\napp = Flask(__name__)\n\n"
                                  "@app.route('/todos/<uuid:todo_id>', methods=['DELETE'])\ndef gone(todo_id):\n"
                                  "    return '', 204\n"}},
                                "code: {routes: ['DELETE /todos/{id}']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("a route named only in a string or for another method fails") {
    const auto outcome =
        test::run_step_on_files({{"app.py",
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
    const auto outcome = test::run_step_on_files(
        {{"tests/test_model.py",
          "import pytest\nfrom model import double\n\ndef test_a():\n    assert double(1) == 2\n\n"
          "def test_b():\n    with pytest.raises(ValueError):\n        int('x')\n\n"
          "def test_c():\n    result = double(2)\n    assert result == 4\n"},
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
    const auto outcome = test::run_step_on_files(
        {{"tests/test_model.py",
          "def test_model():\n    pass\n\ndef test_true():\n    assert True\n\n"
          "def test_comment():\n    x = 1  # assert x == 1\n\ndef helper():\n    assert 1 == 1\n"}},
        "code: {tests: {min: 1}}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("0 test function(s) check something"));
    CHECK_THAT(outcome.evidence,
               Catch::Contains("3 test(s) check nothing that can fail, the first at tests/test_model.py:1"));
  }
}

TEST_CASE("code: a file Python cannot parse is named, the others are still read", "[code]") {
  const auto outcome = test::run_step_on_files({{"broken.py", "def f(:\n    pass\n"}, {"ok.py", "import yaml\n"}},
                                               "code: {imports: [yaml, mlflow]}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no module imports mlflow"));
  CHECK_THAT(outcome.evidence, Catch::Contains("broken.py was not read"));
  CHECK_THAT(outcome.evidence, Catch::Contains("(line 1)"));
}

TEST_CASE("code: a package tree in the repository is not the learner's code", "[code]") {
  const auto outcome = test::run_step_on_files(
      {{".venv/pyvenv.cfg", "home = /usr/bin\n"},
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

TEST_CASE("code: asserts that cannot fail, dead code and skipped tests do not count", "[code]") {
  const auto outcome = test::run_step_on_files({{"tests/test_stub.py", R"PY(import pytest
from model import f

def test_constants():
    assert 1 == 1
    assert 2 > 1
    assert None is None
    assert not False

def test_same_sides():
    x = f(1)
    assert x == x

def test_tuple():
    assert (f(1) == 3, "message")

def test_approx_without_assert():
    f(1) == pytest.approx(2)

def test_after_return():
    return
    assert f(1) == 2

def test_if_false():
    if False:
        assert f(1) == 2

def test_nested_helper():
    def check():
        assert f(1) == 2

@pytest.mark.skip(reason="later")
def test_skipped():
    assert f(1) == 2
)PY"}},
                                               "code: {tests: {min: 1}}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("0 test function(s) check something"));
  CHECK_THAT(outcome.evidence, Catch::Contains("7 test(s) check nothing that can fail"));
  CHECK_THAT(outcome.evidence, Catch::Contains("1 test(s) always skipped"));
}

TEST_CASE("code: a check through a helper, raise AssertionError and the else of if False count", "[code]") {
  const auto outcome = test::run_step_on_files({{"tests/test_model.py", R"PY(from model import f

def expect_close(a, b):
    assert abs(a - b) < 1e-6

def test_helper():
    expect_close(f(1), 2)

def test_raise():
    if f(1) != 2:
        raise AssertionError("f(1) must be 2")

def test_else():
    if False:
        pass
    else:
        assert f(2) == 4
)PY"}},
                                               "code: {tests: {min: 3}}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
}

TEST_CASE("code: a file that starts with a byte order mark is read", "[code]") {
  const auto outcome = test::run_step_on_files({{"train.py", "\xEF\xBB\xBFimport mlflow\nmlflow.log_metric('a', 1)\n"}},
                                               "code: {imports: [mlflow], calls: [mlflow.log_metric]}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
}

TEST_CASE("code: a local definition or dead code is not the library's call", "[code]") {
  SECTION("own function of the same name") {
    const auto outcome = test::run_step_on_files(
        {{"train.py",
          "from mlflow import log_metric\n\ndef log_metric(name, value):\n    pass\n\nlog_metric('a', 1)\n"}},
        "code: {calls: [mlflow.log_metric]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
  }
  SECTION("after return and under if False") {
    const auto outcome =
        test::run_step_on_files({{"train.py",
                                  "import mlflow\n\ndef main():\n    return\n    mlflow.log_metric('a', 1)\n\n"
                                  "if False:\n    mlflow.log_metric('b', 2)\n"}},
                                "code: {calls: [mlflow.log_metric]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
  }
  SECTION("a star import is followed") {
    const auto outcome =
        test::run_step_on_files({{"train.py", "from mlflow import *\n\nlog_metric('a', 1)\nprint('x')\n"}},
                                "code: {calls: [mlflow.log_metric]}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
}

TEST_CASE("code: an HTTP client's calls are not routes, methods and prefixes are", "[code]") {
  SECTION("requests.post and a TestClient do not serve POST /predict") {
    const auto outcome = test::run_step_on_files(
        {{"client.py", "import requests\nrequests.post('http://localhost:8000/predict', json={})\n"},
         {"tests/test_api.py",
          "from fastapi.testclient import TestClient\nfrom app import app\nclient = TestClient(app)\n\n"
          "def test_p():\n    assert client.post('/predict').status_code == 200\n"}},
        "code: {routes: ['POST /predict']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
  }
  SECTION("Flask's route without methods is GET only") {
    const auto outcome = test::run_step_on_files(
        {{"app.py",
          "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/predict')\ndef p():\n    return 'x'\n"}},
        "code: {routes: ['POST /predict']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
  }
  SECTION("a router's prefix and an include_router prefix come before the path") {
    const auto outcome = test::run_step_on_files(
        {{"app/routers/todos.py",
          "from fastapi import APIRouter\nrouter = APIRouter(prefix='/todos')\n\n@router.get('/{todo_id}')\n"
          "def one(todo_id: int):\n    return {}\n"},
         {"app/main.py",
          "from fastapi import FastAPI\nfrom app.routers import todos\napp = FastAPI()\n"
          "app.include_router(todos.router, prefix='/api/v1')\n"}},
        "code: {routes: ['GET /api/v1/todos/{id}', 'GET /todos/{id}']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
  SECTION("a blueprint's url_prefix") {
    const auto outcome = test::run_step_on_files(
        {{"views.py",
          "from flask import Blueprint\nbp = Blueprint('todos', __name__, url_prefix='/todos')\n\n"
          "@bp.route('/', methods=['POST'])\ndef create():\n    return '', 201\n"}},
        "code: {routes: ['POST /todos']}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
}

TEST_CASE("code: decorators are found through imports, never in a string", "[code]") {
  const auto aliased = test::run_step_on_files(
      {{"pipelines/retrain.py",
        "from airflow.decorators import dag as make_dag, task\n\n@make_dag(schedule='@daily')\ndef retrain():\n"
        "    @task\n    def fit():\n        return 1\n    fit()\n\nretrain()\n"}},
      "code: {decorators: [airflow.decorators.dag]}");
  INFO(aliased.evidence);
  CHECK(aliased.status == Status::pass);
  CHECK_THAT(aliased.evidence, Catch::Contains("pipelines/retrain.py:3 on retrain"));
  const auto mentioned = test::run_step_on_files(
      {{"dags/todo.py", "PLAN = '@dag(schedule=\"@daily\")'\n\ndef retrain():\n    return None\n"}},
      "code: {decorators: [airflow.decorators.dag]}");
  INFO(mentioned.evidence);
  CHECK(mentioned.status == Status::fail);
  CHECK_THAT(mentioned.evidence, Catch::Contains("no function is decorated with @airflow.decorators.dag"));
}
