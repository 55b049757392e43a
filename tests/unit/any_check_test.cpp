// The `any` step (issue 21): a learner who did the work another reasonable
// way passes, a stub that did neither fails with what each alternative found.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/spec/step_parser.hpp>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const std::string kEnvironment =
    "any: {of: [{file: {path: .venv/pyvenv.cfg}}, "
    "{file: {glob: '{environment,conda}.y*ml', contains: [dependencies]}}]}";

}  // namespace

TEST_CASE("any: a virtualenv or a conda environment, whichever the learner made", "[any]") {
  TempDir temp;
  TestRepo repo(temp.path());
  SECTION("a virtualenv") {
    repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
    const auto outcome = run_step(kEnvironment, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("alternative 1 of 2"));
  }
  SECTION("a conda environment file") {
    repo.write("environment.yml", "name: mlops\ndependencies:\n  - python=3.11\n");
    const auto outcome = run_step(kEnvironment, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("environment.yml") && Catch::Contains("alternative 2 of 2"));
  }
  SECTION("neither: a stub environment.yml names no dependency") {
    repo.write("environment.yml", "name: mlops\n");
    const auto outcome = run_step(kEnvironment, temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("none of the 2 alternatives passed") && Catch::Contains("1) file:") &&
                                     Catch::Contains("2) file:"));
  }
}

TEST_CASE("any: a probe among its steps makes it a probe step, files alone do not", "[any]") {
  Diagnostics diagnostics;
  const auto steps = parse_steps(YAML::Load("[{any: {of: [{file: {path: a}}, {command: {run: pytest}}]}}, "
                                            "{any: {of: [{file: {path: a}}, {file: {path: b}}]}}, "
                                            "{any: {of: [{file: {path: a}}, {container: {port: 80}}]}}]"),
                                 "lab.yaml", diagnostics);
  INFO(test::messages(diagnostics));
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].runs_learner_code);
  CHECK(steps[0].cacheable);
  CHECK_FALSE(steps[1].runs_learner_code);
  CHECK(steps[2].runs_learner_code);
  CHECK_FALSE(steps[2].cacheable);
}

TEST_CASE("any: one alternative, or a broken one, is an error with its line", "[any]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("any: {of: [{file: {path: a}}]}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("two or more steps"));
  Diagnostics unknown;
  CHECK_FALSE(test::parse_step("any: {of: [{file: {path: a}}, {fiel: {path: b}}]}", unknown));
  CHECK_THAT(test::messages(unknown), Catch::Contains("unknown check kind 'fiel'") && Catch::Contains("file"));
}
