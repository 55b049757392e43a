// The service and http checks against a real FastAPI app served by uvicorn
// (Debian's python3-fastapi and python3-uvicorn).
#include "support/check_harness.hpp"
#include "support/processes.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kApp = R"(from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="wine")

class Features(BaseModel):
    alcohol: float
    acidity: float

@app.get("/health")
def health():
    return {"status": "ok"}

@app.post("/predict")
def predict(features: Features):
    return {"prediction": 1 if features.alcohol > 12 else 0, "model": "v1"}
)";

const std::string kServe = "/usr/bin/python3 -m uvicorn app.main:app --port {port}";

struct Api {
  TempDir temp;
  TestRepo repo{temp.path()};
  Api() {
    repo.write("app/__init__.py", "");
    repo.write("app/main.py", kApp);
  }
  StepOutcome serve(const std::string& steps, const std::string& extra = "ready: {http: /health}") {
    return run_step("service: {run: '" + kServe + "', " + extra + ", steps: [" + steps + "]}", temp.path());
  }
};

}  // namespace

TEST_CASE("service + http: a real FastAPI app answers, validates and documents itself", "[service][http]") {
  Api api;
  const auto outcome = api.serve(
      "{http: {path: /health, json_equals: {status: ok}}},"
      "{http: {method: POST, path: /predict, json: {alcohol: 13.2, acidity: 0.4}, json_types: {prediction: number},"
      " json_equals: {model: v1}}},"
      "{http: {method: POST, path: /predict, json: {alcohol: not-a-number}, status: 422}},"
      "{http: {path: /docs, body_contains: [swagger-ui], header_contains: {content-type: text/html}}},"
      "{http: {path: /openapi.json, json_equals: {info.title: wine}, max_ms: 5000}}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("✓ POST /predict answered 422"));
}

TEST_CASE("http: failures say what came back", "[service][http]") {
  Api api;
  const auto outcome = api.serve(
      "{http: {method: POST, path: /predict, json: {alcohol: 1}, status: 200}},"
      "{http: {path: /missing}},"
      "{http: {method: POST, path: /predict, json: {alcohol: 1, acidity: 2}, json_types: {prediction: string}}}");
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("✗ POST /predict answered 422, expected 200"));
  CHECK_THAT(outcome.evidence, Catch::Contains("✗ GET /missing answered 404, expected 200"));
  CHECK_THAT(outcome.evidence, Catch::Contains("'prediction' is a number (0), expected a string"));
}

TEST_CASE("service: a server that never gets ready shows its last output", "[service][hostile]") {
  TempDir temp;
  TestRepo repo(temp.path());
  const auto outcome = run_step(
      "service: {run: 'echo starting on {port}; echo almost there; sleep 600', ready_timeout: 1, steps: [{http: {path: "
      "/}}]}",
      temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("was not ready within 1 s"));
  CHECK_THAT(outcome.evidence, Catch::Contains("starting on") && Catch::Contains("almost there"));
}

TEST_CASE("service: a server that crashes at start says how it ended", "[service][hostile]") {
  Api api;
  api.repo.write("app/main.py", "raise RuntimeError('model file missing')\n");
  const auto outcome = api.serve("{http: {path: /health}}");
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("exited with 1 before it was ready"));
  CHECK_THAT(outcome.evidence, Catch::Contains("RuntimeError: model file missing"));
}

TEST_CASE("service: a server whose program is not installed is skipped, not failed", "[service]") {
  Api api;
  const auto skipped = api.serve("{http: {path: /health}}", "requires: [labs-no-such-server], ready: {http: /health}");
  CHECK(skipped.status == Status::skip);
  CHECK(skipped.evidence == "labs-no-such-server is not installed (not in .venv/bin, venv/bin or on PATH), so `" +
                                kServe + "` was not started");
  const auto served = api.serve("{http: {path: /health, status: 200}}", "requires: [python3], ready: {http: /health}");
  INFO(served.evidence);
  CHECK(served.status == Status::pass);
}

TEST_CASE("service: the server and what it started are gone afterwards", "[service][hostile]") {
  TempDir temp;
  TestRepo repo(temp.path());
  // A program named after this test: a sandboxed helper cannot tell its pid.
  const std::string tag = "labs-helper-" + std::to_string(::getpid());
  // The server starts a setsid'd helper and ignores SIGTERM.
  const std::string server = "trap \"\" TERM; cp /bin/sleep ./" + tag + "; setsid ./" + tag +
                             " 600 & exec /usr/bin/python3 -m http.server {port} --bind 127.0.0.1";
  const auto outcome = run_step(
      "service: {run: '" + server + "', steps: [{http: {path: /, body_contains: [" + tag + "]}}]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(test::no_process_named_soon(tag));
}

TEST_CASE("http outside a service, and bad specs, are clear errors", "[service][http]") {
  TempDir temp;
  TestRepo repo(temp.path());
  CHECK(run_step("http: {path: /health}", temp.path()).evidence ==
        "an http step runs inside a service step, which starts the server");
  Diagnostics diagnostics;
  CHECK(test::parse_step("service: {run: 'uvicorn app:app', steps: [{http: {path: /}}]}", diagnostics) == nullptr);
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'run' must contain {port}"));
  Diagnostics more;
  CHECK(test::parse_step("http: {path: health, status: 999, method: FETCH}", more) == nullptr);
  const auto text = test::messages(more);
  CHECK_THAT(text, Catch::Contains("'path' must start with /") && Catch::Contains("HTTP status code") &&
                       Catch::Contains("'method' must be one of"));
}

TEST_CASE("http: a status class such as 2xx takes any code of it", "[service][http]") {
  Api api;
  // /predict answers 200, a wrong body 422: 2xx takes the first, 4xx the second, 2xx not the second.
  const auto outcome = api.serve(
      "{http: {method: POST, path: /predict, json: {alcohol: 13.2, acidity: 0.4}, status: 2xx}},"
      "{http: {method: POST, path: /predict, json: {alcohol: oops}, status: [4XX]}},"
      "{http: {method: POST, path: /predict, json: {alcohol: oops}, status: [2xx, 301]}}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("✓ POST /predict answered 200"));
  CHECK_THAT(outcome.evidence, Catch::Contains("✓ POST /predict answered 422"));
  CHECK_THAT(outcome.evidence, Catch::Contains("✗ POST /predict answered 422, expected 2xx or 301"));
  Diagnostics bad;
  CHECK(test::parse_step("http: {path: /, status: 6xx}", bad) == nullptr);
  CHECK_THAT(test::messages(bad), Catch::Contains("a class such as 2xx"));
}

TEST_CASE("service: {app} serves the web app found in the code, in a src layout or as Flask", "[service][http]") {
  const std::string step =
      "service: {run: '/usr/bin/python3 -m uvicorn {app} --interface {app_interface} --port "
      "{port}', ready: {http: /health}, steps: [{http: {path: /health, status: 200}}]}";
  SECTION("FastAPI in src/pkg/api.py") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("src/wine/__init__.py", "");
    repo.write("src/wine/api.py", kApp);
    repo.write("tests/test_api.py", "from fastapi import FastAPI\napp = FastAPI()\n");
    const auto outcome = run_step(step, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("web app found at src/wine/api.py:4 (fastapi)"));
  }
  SECTION("Flask, served through WSGI") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("server.py",
               "from flask import Flask\n\napp = Flask(__name__)\n\n@app.get('/health')\ndef health():\n"
               "    return {'status': 'healthy'}\n");
    const auto outcome = run_step(step, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("web app found at server.py:3 (flask)"));
  }
  SECTION("no app object, only a mention of one") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("main.py", "# app = FastAPI()\nprint('todo')\n");
    const auto outcome = run_step(step, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("no web app in your code"));
  }
}

TEST_CASE("http: json auto makes the body from the app's schema, varies catches a constant prediction",
          "[service][http]") {
  const std::string serve = "service: {run: '" + kServe + "', ready: {http: /openapi.json}, steps: [";
  const std::string step =
      "{http: {method: POST, path: /predict, json: auto, json_types: {prediction: number}, varies: prediction}}]}";
  SECTION("a model whose answer depends on its input, whatever its fields are named") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("app/__init__.py", "");
    repo.write("app/main.py", R"PY(from enum import Enum
from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI()

class Colour(str, Enum):
    red = "red"
    white = "white"

class Wine(BaseModel):
    fixed_acidity: float = Field(ge=4, le=16)
    sulphates: float
    colour: Colour
    batch: int

@app.post("/predict")
def predict(wine: Wine):
    return {"prediction": round(wine.fixed_acidity * 0.3 + wine.sulphates, 2)}
)PY");
    const auto outcome = run_step(serve + step, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("'prediction' changes with the input"));
  }
  SECTION("a stub that returns a constant") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("app/__init__.py", "");
    repo.write("app/main.py",
               "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\n"
               "class Features(BaseModel):\n    alcohol: float\n\n@app.post('/predict')\n"
               "def predict(features: Features):\n    return {'prediction': 1}\n");
    const auto outcome = run_step(serve + step, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("'prediction' was 1 for 5 different valid inputs"));
  }
  SECTION("a route the schema does not list") {
    Api api;
    const auto outcome = run_step(
        "service: {run: '" + kServe +
            "', ready: {http: /health}, steps: [{http: {method: POST, path: /score, json: auto, status: 2xx}}]}",
        api.temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("the app's OpenAPI schema has no POST /score"));
  }
}

TEST_CASE("http: varies without json auto is a lint error", "[service][http]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("http: {method: POST, path: /predict, json: {a: 1}, varies: prediction}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'varies' needs json: auto"));
}

TEST_CASE("http: varies is not fooled by defaults, echoes or rejected inputs", "[service][http]") {
  const std::string serve = "service: {run: '" + kServe + "', ready: {http: /openapi.json}, steps: [";
  const auto run_app = [&](const std::string& app, const std::string& step) {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("app/__init__.py", "");
    repo.write("app/main.py", app);
    return run_step(serve + step + "]}", temp.path());
  };
  const std::string head =
      "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\n"
      "class Wine(BaseModel):\n    alcohol: float = 13.0\n    acidity: float = 0.5\n\n@app.post('/predict')\n"
      "def predict(wine: Wine):\n";
  SECTION("every field has a default and the answer is constant") {
    const auto outcome = run_app(head + "    return {'prediction': 1}\n",
                                 "{http: {method: POST, path: /predict, json: auto, varies: true}}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("a constant answer is not a prediction"));
  }
  SECTION("a constant answer that echoes its input") {
    const auto outcome = run_app(head + "    return {'prediction': 0, 'input': wine.dict()}\n",
                                 "{http: {method: POST, path: /predict, json: auto, varies: true}}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
  }
  SECTION("a model with defaults whose answer follows its input") {
    const auto outcome = run_app(head + "    return {'prediction': round(wine.alcohol * 2 + wine.acidity, 3)}\n",
                                 "{http: {method: POST, path: /predict, json: auto, varies: true}}");
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
  }
}

TEST_CASE("service: {app} finds an annotated app and a factory's, and names a file Python cannot parse",
          "[service][http]") {
  const std::string step =
      "service: {run: '/usr/bin/python3 -m uvicorn {app} --port {port}', ready: {http: /health}, "
      "steps: [{http: {path: /health}}]}";
  const auto run_app = [&](const std::string& file, const std::string& text) {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write(file, text);
    return run_step(step, temp.path());
  };
  const auto annotated = run_app("main.py",
                                 "from fastapi import FastAPI\napp: FastAPI = FastAPI()\n\n@app.get('/health')\n"
                                 "def health():\n    return {}\n");
  INFO(annotated.evidence);
  CHECK(annotated.status == Status::pass);
  const auto factory = run_app("server.py",
                               "from fastapi import FastAPI\n\ndef create_app():\n    made = FastAPI()\n\n"
                               "    @made.get('/health')\n    def health():\n        return {}\n\n    return made\n\n"
                               "app = create_app()\n");
  INFO(factory.evidence);
  CHECK(factory.status == Status::pass);
  const auto broken = run_app("main.py", "from fastapi import FastAPI\napp = FastAPI(\n");
  INFO(broken.evidence);
  CHECK(broken.status == Status::fail);
  CHECK_THAT(broken.evidence, Catch::Contains("Python cannot parse main.py:"));
}
