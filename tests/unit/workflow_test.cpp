// The workflow check on real files: GitHub Actions workflows (with `on:` as
// YAML 1.2 and as a YAML 1.1 tool rewrites it) and .gitlab-ci.yml.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kGithub = R"(name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: |
          ruff check .
          python -m pytest -q
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with: {push: false}
)";

const std::string kEverything =
    "workflow: {triggers: [push, pull_request], runs: [pytest], builds_image: true, lints: [flake8, ruff]}";

}  // namespace

TEST_CASE("workflow: a GitHub workflow that tests, lints and builds an image", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".github/workflows/ci.yml", kGithub);
  const auto outcome = run_step(kEverything, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("pytest at .github/workflows/ci.yml:12") &&
                                   Catch::Contains("image build at .github/workflows/ci.yml:18"));
}

TEST_CASE("workflow: each missing part is named, with the files read", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".github/workflows/ci.yaml",
             "on: workflow_dispatch\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
  const auto outcome = run_step(kEverything, temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence,
             Catch::Contains("no workflow runs on push") && Catch::Contains("no job step runs pytest") &&
                 Catch::Contains("builds a container image") && Catch::Contains("linter (flake8, ruff)") &&
                 Catch::Contains("read .github/workflows/ci.yaml"));
  CHECK(outcome.path == ".github/workflows/ci.yaml");
}

TEST_CASE("workflow: installing a linter is not running it", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".github/workflows/ci.yml",
             "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - run: pip install flake8 black\n      - run: python -m pip install ruff && pytest\n");
  CHECK(run_step("workflow: {lints: [flake8, black, ruff]}", temp.path()).status == Status::fail);
  repo.write(".github/workflows/ci.yml",
             "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - run: pip install ruff && ruff check .\n");
  CHECK_THAT(run_step("workflow: {lints: [flake8, ruff]}", temp.path()).evidence,
             Catch::Contains("linter at .github/workflows/ci.yml:6"));
}

TEST_CASE("workflow: asking a tool its version or help runs nothing, a linter's own action lints", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  const std::string head = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n";
  repo.write(".github/workflows/ci.yml", head +
                                             "      - run: pytest --version && pytest --collect-only -q\n"
                                             "      - run: flake8 --version; ruff --help\n"
                                             "      - run: docker build --help\n");
  CHECK(run_step("workflow: {runs: [pytest]}", temp.path()).status == Status::fail);
  CHECK(run_step("workflow: {lints: [flake8, black, ruff]}", temp.path()).status == Status::fail);
  CHECK(run_step("workflow: {builds_image: true}", temp.path()).status == Status::fail);
  repo.write(".github/workflows/ci.yml", head +
                                             "      - uses: psf/black@stable\n"
                                             "      - run: python -m pytest -v\n");
  CHECK(run_step("workflow: {lints: [flake8, black, ruff]}", temp.path()).status == Status::pass);
  CHECK(run_step("workflow: {runs: [pytest]}", temp.path()).status == Status::pass);
  repo.write(".github/workflows/ci.yml", head + "      - uses: astral-sh/ruff-action@v3\n");
  CHECK(run_step("workflow: {lints: [ruff]}", temp.path()).status == Status::pass);
  CHECK(run_step("workflow: {lints: [black]}", temp.path()).status == Status::fail);
}

TEST_CASE("workflow: `on` rewritten to `true` by a YAML 1.1 tool still gives the triggers", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".github/workflows/ci.yml",
             "true: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n");
  CHECK(run_step("workflow: {triggers: [push], runs: [pytest]}", temp.path()).status == Status::pass);
}

TEST_CASE("workflow: a GitLab pipeline runs on push, and its scripts count", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".gitlab-ci.yml", R"(stages: [test, build]
test:
  image: python:3.11
  script:
    - pip install -r requirements.txt
    - flake8 src
    - pytest
build:
  stage: build
  script: [docker build -t app .]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
)");
  const auto outcome = run_step(kEverything + "", temp.path());
  CHECK_THAT(outcome.evidence, Catch::Contains("no workflow runs on pull_request"));
  const auto gitlab = run_step(
      "workflow: {platform: gitlab, triggers: [push, merge_request], runs: [pytest], builds_image: true, "
      "lints: [flake8]}",
      temp.path());
  INFO(gitlab.evidence);
  CHECK(gitlab.status == Status::pass);
  CHECK(run_step("workflow: {platform: github, runs: [pytest]}", temp.path()).status == Status::fail);
}

TEST_CASE("workflow: no CI file, broken YAML, and invalid specs", "[workflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("README.md", "# p\n");
  CHECK_THAT(run_step("workflow: {runs: [pytest]}", temp.path()).evidence,
             Catch::Contains("no CI workflow: add .github/workflows/*.yml or .gitlab-ci.yml"));
  repo.write(".github/workflows/ci.yml", "on: [push\njobs: {}\n");
  CHECK_THAT(run_step("workflow: {runs: [pytest]}", temp.path()).evidence,
             Catch::Contains(".github/workflows/ci.yml:2: not valid YAML"));
  Diagnostics diagnostics;
  CHECK(test::parse_step("workflow: {platform: jenkins, triggers: [pushh], runs: ['rm -rf']}", diagnostics) == nullptr);
  const std::string text = test::messages(diagnostics);
  CHECK_THAT(text, Catch::Contains("'platform' is any, github or gitlab") && Catch::Contains("did you mean 'push'") &&
                       Catch::Contains("'rm -rf' is not a program name"));
  Diagnostics empty;
  CHECK(test::parse_step("workflow: {}", empty) == nullptr);
  CHECK_THAT(test::messages(empty), Catch::Contains("needs at least one of"));
}

namespace {

/// A GitHub workflow on push with one job whose steps are `steps` (YAML
/// lines, already indented for the step list) and `job_extra` on the job.
std::string github_job(const std::string& steps, const std::string& job_extra = "") {
  return "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + job_extra + "    steps:\n" + steps;
}

Status runs_pytest(const std::string& workflow, const std::string& makefile = "") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".github/workflows/ci.yml", workflow);
  if (!makefile.empty()) repo.write("Makefile", makefile);
  const auto outcome = run_step("workflow: {runs: [pytest]}", temp.path());
  INFO(workflow << "\n" << outcome.evidence);
  return outcome.status;
}

}  // namespace

TEST_CASE("workflow: pytest named but not run as a command does not count", "[workflow]") {
  CHECK(runs_pytest(github_job("      - run: echo \"pytest comes later\"\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: |\n          # pytest -q\n          echo ok\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: python -c \"print('pytest')\"\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pip install pytest\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pytest || true\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pytest -q || echo tests failed\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: |\n          pytest\n          exit 0\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pytest\n        continue-on-error: true\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pytest\n", "    if: false\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pytest\n", "    if: ${{ false }}\n")) == Status::fail);
  CHECK(runs_pytest(github_job("      - run: pytest\n        if: false\n")) == Status::fail);
  // make test whose recipe only talks about pytest
  CHECK(runs_pytest(github_job("      - run: make test\n"), "test:\n\t@echo pytest\n") == Status::fail);
}

TEST_CASE("workflow: pytest run another reasonable way counts", "[workflow]") {
  CHECK(runs_pytest(github_job("      - run: python -m pytest -q tests/\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: PYTHONPATH=src .venv/bin/pytest --cov\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: poetry run pytest\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: cd app && python3 -m pytest\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: python -m unittest discover -s tests\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: tox -e py311\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: pytest | tee report.txt\n")) == Status::pass);
  CHECK(runs_pytest(github_job(
            "      - run: |\n          pip install -r requirements.txt \\\n            && pytest\n")) == Status::pass);
  CHECK(runs_pytest(github_job("      - run: make test\n"), "PY = python3\n\ntest: lint\n\t$(PY) -m pytest -q\n") ==
        Status::pass);
  CHECK(runs_pytest(github_job("      - run: make ci\n"), "ci:\n\t$(MAKE) test\ntest:\n\t-pytest\n") == Status::pass);
  CHECK(runs_pytest(github_job("      - run: pytest\n", "    if: github.event_name == 'push'\n")) == Status::pass);
}

TEST_CASE("workflow: a GitLab job that may fail or never runs does not count", "[workflow]") {
  const auto gitlab = [](const std::string& job) {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write(".gitlab-ci.yml", "test:\n  script:\n    - pytest\n" + job);
    return run_step("workflow: {runs: [pytest]}", temp.path()).status;
  };
  CHECK(gitlab("") == Status::pass);
  CHECK(gitlab("  allow_failure: true\n") == Status::fail);
  CHECK(gitlab("  when: manual\n") == Status::fail);
  CHECK(gitlab("  when: never\n") == Status::fail);
}
