// The quiz check: answers compared through salted hashes made by
// `git hash-object` exactly as a lab author makes them.
#include "support/check_harness.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

/// What a lab author runs: printf 'SALT:answer' | git hash-object --stdin.
std::string author_hash(const TempDir& temp, const std::string& salted) {
  const auto out = temp.path() / "hash.txt";
  REQUIRE(test::run_shell("printf '%s' '" + salted + "' | git hash-object --stdin > " + out.string()) == 0);
  std::ifstream in(out);
  std::string hash;
  in >> hash;
  return hash;
}

std::string quiz(const TempDir& temp, const std::string& extra = "") {
  return "quiz: {salt: mlops-intro, " + extra +
         "questions: [{id: tracking, text: 'Which tool tracks experiments?', answers: [" +
         author_hash(temp, "mlops-intro:mlflow") +
         "]}, {id: drift, text: 'What is it called when live data changes?', answers: [" +
         author_hash(temp, "mlops-intro:data drift") + ", " + author_hash(temp, "mlops-intro:drift") + "]}]}";
}

}  // namespace

TEST_CASE("quiz: right answers in any case and spacing pass, and the lab holds only hashes", "[quiz]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("answers.yaml", "tracking: '  MLflow '\ndrift: Data   Drift\n");
  const std::string step = quiz(temp);
  CHECK_THAT(step, !Catch::Contains("mlflow"));
  const auto outcome = run_step(step, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "2 of 2 right");
  repo.write("answers.yaml", "tracking: mlflow\ndrift: drift\n");  // the second accepted answer
  CHECK(run_step(step, temp.path()).status == Status::pass);
}

TEST_CASE("quiz: a Russian answer in capitals matches its lower-case hash", "[quiz]") {
  TempDir temp;
  TestRepo repo(temp.path());
  const std::string step = "quiz: {salt: s, questions: [{id: drift, text: 'Как называется смена данных?', answers: [" +
                           author_hash(temp, "s:дрейф данных") + "]}]}";
  repo.write("answers.yaml", "drift: '  Дрейф   ДАННЫХ '\n");
  const auto outcome = run_step(step, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  repo.write("answers.yaml", "drift: Дрейф модели\n");
  CHECK(run_step(step, temp.path()).status == Status::fail);
}

TEST_CASE("quiz: wrong and missing answers are named, min_correct lets some go", "[quiz]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("answers.yaml", "tracking: wandb\n");
  const auto outcome = run_step(quiz(temp), temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence == "0 of 2 right; not right: tracking; not answered: drift, need 2");
  repo.write("answers.yaml", "tracking: MLflow\n");
  CHECK(run_step(quiz(temp, "min_correct: 1, "), temp.path()).status == Status::pass);
  repo.write("answers.yaml", "tracking: [unclosed\n");
  CHECK_THAT(run_step(quiz(temp), temp.path()).evidence, Catch::Contains("answers.yaml:2: not valid YAML"));
  TempDir empty;
  TestRepo none(empty.path());
  none.write("README.md", "# p\n");
  CHECK_THAT(run_step(quiz(empty), empty.path()).evidence,
             Catch::Contains("no answers.yaml: write your answers there"));
}

TEST_CASE("quiz: an answer written in clear, or too many required, is a lab error", "[quiz]") {
  Diagnostics diagnostics;
  CHECK(test::parse_step("quiz: {salt: s, min_correct: 3, questions: [{id: q, text: 'Q?', answers: [mlflow]}]}",
                         diagnostics) == nullptr);
  const std::string text = test::messages(diagnostics);
  CHECK_THAT(text, Catch::Contains("'mlflow' is not a hash") && Catch::Contains("git hash-object --stdin"));
  CHECK_THAT(text, Catch::Contains("min_correct 3 is more than the 1 question(s)"));
}
