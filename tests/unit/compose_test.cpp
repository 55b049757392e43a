#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kGood = R"(name: shop
services:
  api:
    build: .
    ports: ["8000:8000"]
    env_file: .env
    environment:
      DATABASE_URL: postgresql://app:${DB_PASSWORD}@db/app
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_healthy}
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${DB_PASSWORD}
    volumes: [pgdata:/var/lib/postgresql/data]
    healthcheck: {test: ["CMD-SHELL", "pg_isready -U app"], interval: 5s}
  cache:
    image: redis:7-alpine
    volumes: [redisdata:/data]
    healthcheck: {test: ["CMD", "redis-cli", "ping"]}
volumes:
  pgdata: {}
  redisdata: {}
)";

const std::string kAllRules =
    "[build-or-image, healthy-dependencies, database-volumes, no-literal-secrets, known-keys]";

}  // namespace

TEST_CASE("compose: API + PostgreSQL + Redis done right", "[compose]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("compose.yaml", kGood);
  const auto outcome = run_step(
      "compose: {services: [api, postgres, redis], ports: {api: 8000}, rules: " + kAllRules + "}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "compose.yaml: 3 service(s), all that is asked");
}

TEST_CASE("compose: each rule fails with file:line", "[compose]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("docker-compose.yml", R"(version: "3.9"
servics: {}
services:
  api:
    ports: ["8080:80"]
    environment:
      - SECRET_KEY=hard-coded-value
    depends_on: [db]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
  worker:
    build: .
    depends_on:
      cache: {condition: service_healthy}
  cache:
    image: redis:7
    volumes: [cache:/data]
)");
  const auto outcome =
      run_step("compose: {services: [api, mongo], ports: {api: 8000}, rules: " + kAllRules + "}", temp.path());
  CHECK(outcome.status == Status::fail);
  const std::string& e = outcome.evidence;
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:4: no service named mongo or running its image"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:5: service api does not publish port 8000"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:2: unknown top-level key 'servics' (did you mean 'services'?)"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:4: service api has neither build nor image"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:8: api starts as soon as db starts"));
  CHECK_THAT(
      e, Catch::Contains("docker-compose.yml:16: worker waits for cache to be healthy, but cache has no healthcheck"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:9: database service db keeps its data in the container"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:7: service api sets SECRET_KEY to a literal value"));
  CHECK_THAT(e, Catch::Contains("docker-compose.yml:12: service db sets POSTGRES_PASSWORD to a literal value"));
}

TEST_CASE("compose: missing, broken and misspelled", "[compose]") {
  TempDir temp;
  TestRepo repo(temp.path());
  CHECK_THAT(run_step("compose: {services: [api]}", temp.path()).evidence,
             Catch::StartsWith("no Compose file in the repository"));
  repo.write("compose.yaml", "services: [api\n");
  CHECK_THAT(run_step("compose: {services: [api]}", temp.path()).evidence,
             Catch::StartsWith("compose.yaml:2: not valid YAML"));
  repo.write("compose.yaml", "services:\n  api: just a string\n  db: [1, 2]\n");
  const auto odd = run_step("compose: {services: [api], ports: {api: 80}, rules: " + kAllRules + "}", temp.path());
  CHECK(odd.status == Status::fail);  // a finding, not an internal error
  CHECK_THAT(odd.evidence, Catch::Contains("does not publish port 80"));
  Diagnostics diagnostics;
  CHECK(test::parse_step("compose: {rules: [database-volume]}", diagnostics) == nullptr);
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("did you mean 'database-volumes'?"));
}

TEST_CASE("compose: a Compose file in another folder is found, an override file is not the main one", "[compose]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("deploy/docker-compose.override.yml", "services: {api: {ports: ['9000:8000']}}\n");
  repo.write("deploy/docker-compose.yml",
             "services:\n  api: {build: .., ports: ['8000:8000']}\n  db: {image: postgres:16}\n");
  repo.commit("Stack in deploy/");
  const auto outcome = run_step("compose: {services: [api, postgres]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("2 Compose files found"));
  CHECK_THAT(outcome.evidence, Catch::Contains("judged deploy/docker-compose.yml"));
}

TEST_CASE("compose: an override file alone is not a Compose project", "[compose]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("docker-compose.override.yml", "services: {api: {ports: ['9000:8000']}}\n");
  repo.commit("Only an override");
  const auto outcome = run_step("compose: {services: [api]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("no Compose file in the repository"));
}
