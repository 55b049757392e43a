// Learner files with one enormous line: every check that reads them with
// regular expressions answers (std::regex recursed once per character and
// overflowed the stack on such a line; the checks now use Boost.Regex).
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

TEST_CASE("checks: a 2 MB single-line file fails the check instead of crashing labs", "[hardening]") {
  TempDir temp;
  TestRepo repo(temp.path());
  const std::string line = "x = '" + std::string(2 << 20, 'a') + ".yaml'";
  for (const char* path : {"src/train.py", "dags/big.py", "Dockerfile", ".github/workflows/ci.yml", "dvc.yaml",
                           "requirements.txt", "alembic/versions/a.py", "nginx.conf", "grafana/big.json"}) {
    repo.write(path, line);
  }
  repo.commit("Huge lines");
  const std::pair<const char*, const char*> steps[] = {
      {"python", "python: {logging: true, config: true, pinned: requirements.txt}"},
      {"airflow", "airflow: {tasks: {min: 1}, dependencies: true}"},
      {"dockerfile", "dockerfile: {instructions: [FROM]}"},
      {"workflow", "workflow: {triggers: [push], runs: [pytest]}"},
      {"dvc", "dvc: {stages: {min: 1}}"},
      {"migrations", "migrations: {}"},
      {"nginx", "nginx: {tls: true}"},
      {"grafana", "grafana: {panels: {min: 1}}"},
  };
  for (const auto& [kind, yaml] : steps) {
    INFO(kind);
    const auto outcome = run_step(yaml, temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK(outcome.evidence.size() < 4096);  // says what is wrong, does not echo the line
  }
}
