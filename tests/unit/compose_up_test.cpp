// The compose_up check on a real engine: Podman from Debian with
// podman-compose, the offline stand-in for python:3.11-slim (busybox httpd
// and Debian's Python). A stack that serves passes wherever its file lives;
// a service that is named right but serves nothing fails; nothing is left.
#include "support/check_harness.hpp"
#include "support/engine.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

/// Containers, networks and volumes of compose projects labs started.
std::string compose_leftovers() {
  std::string listed;
  const char* command =
      "podman ps -aq --filter label=com.docker.compose.project; "
      "podman network ls -q --filter label=com.docker.compose.project; "
      "podman volume ls -q --filter label=com.docker.compose.project";
  FILE* pipe = ::popen(command, "r");
  char chunk[256];
  while (pipe && std::fgets(chunk, sizeof chunk, pipe)) listed += chunk;
  if (pipe) ::pclose(pipe);
  return listed;
}

}  // namespace

TEST_CASE("compose_up: a stack found in deploy/ comes up on free ports, answers, and is removed",
          "[compose_up][engine]") {
  test::prepare_engine();
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("site/index.html", "<h1>wine-quality</h1>\n");
  repo.write(".env.example", "MODEL=v1\n");
  repo.write(
      "Dockerfile",
      "FROM python:3.11-slim\nCOPY site/ /site/\nCMD [\"httpd\", \"-f\", \"-p\", \"8000\", \"-h\", \"/site\"]\n");
  // Fixed host ports and names, as learners write them: labs moves the ports and drops the names.
  repo.write("deploy/docker-compose.yml",
             "services:\n  api:\n    build: ..\n    container_name: wine-api\n    ports: ['8000:8000']\n"
             "    depends_on: [cache]\n    env_file: ../.env.example\n    volumes: ['../site:/srv:ro']\n"
             "  cache:\n    image: python:3.11-slim\n"
             "    command: [sleep, '300']\n    volumes: [cache-data:/data]\nvolumes:\n  cache-data: {}\n");
  repo.commit("Stack");
  const auto outcome = run_step(
      "compose_up: {service: api, ready: /, steps: [{http: {path: /index.html, body_contains: [wine-quality]}}]}",
      temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence,
             Catch::Contains("stack up with podman-compose from deploy/docker-compose.yml (2 service(s))"));
  CHECK_THAT(outcome.evidence, Catch::Contains("✓ GET /index.html answered 200"));
  CHECK(compose_leftovers().empty());
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("compose_up: a service with the right name that serves nothing fails with what ran", "[compose_up][engine]") {
  test::prepare_engine();
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("compose.yaml",
             "services:\n  mlflow:\n    image: python:3.11-slim\n    command: [sleep, '300']\n"
             "    ports: ['5000:5000']\n");
  repo.commit("Stack");
  const auto outcome =
      run_step("compose_up: {service: mlflow, ready_timeout: 4, steps: [{http: {path: /}}]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("service mlflow (container port 5000"));
  CHECK_THAT(outcome.evidence, Catch::Contains("was not ready within 4 s"));
  CHECK_THAT(outcome.evidence, Catch::Contains("containers:"));
  CHECK(compose_leftovers().empty());
}

TEST_CASE("compose_up: lint and a stack without the probed service", "[compose_up]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("compose_up: {ready: health}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'steps'"));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("starting with /"));
}

TEST_CASE("compose_up: a stack that would reach outside the project is never started", "[compose_up]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("data/.keep", "");
  repo.commit("Start");
  std::filesystem::create_directory_symlink("/etc", temp.path() / "etc-link");
  const auto refused = [&](const std::string& service_lines) {
    test::write_text(temp.path() / "compose.yaml",
                     "services:\n  api:\n    image: python:3.11-slim\n    ports: ['8000:8000']\n" + service_lines);
    return run_step("compose_up: {steps: [{http: {path: /}}]}", temp.path());
  };
  for (const std::string lines :
       {"    volumes: ['/:/host']\n", "    volumes: ['~/.ssh:/keys:ro']\n", "    volumes: ['../..:/up']\n",
        "    volumes: ['./etc-link:/etc-host']\n", "    volumes: [{type: bind, source: /var/run, target: /run}]\n",
        "    privileged: true\n", "    network_mode: host\n", "    pid: host\n", "    env_file: /etc/environment\n",
        "    build: {context: /}\n", "    build: {context: ., dockerfile: ../../../etc/passwd}\n"}) {
    const auto outcome = refused(lines);
    INFO(lines << outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("labs does not start this stack"));
  }
}
