// The container check on a real engine: Podman from Debian, with a base
// image made locally from busybox-static and Debian's Python (nothing can be
// pulled here) and tagged as python:3.11-slim, the name learner Dockerfiles use.
#include <labs/process/container_engine.hpp>

#include "support/check_harness.hpp"
#include "support/engine.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

struct Image {
  TempDir temp;
  TestRepo repo{temp.path()};
  explicit Image(const std::string& dockerfile) {
    test::prepare_engine();
    repo.write("Dockerfile", dockerfile);
    repo.write("site/index.html", "<h1>wine-quality</h1>\n");
  }
};

}  // namespace

TEST_CASE("container: an image that builds, runs and answers, and nothing is left behind", "[container][engine]") {
  Image image(
      "FROM python:3.11-slim\nCOPY site/ /site/\nRUN echo built > /site/built.txt\nEXPOSE 8000\n"
      "CMD [\"httpd\", \"-f\", \"-p\", \"8000\", \"-h\", \"/site\"]\n");
  const auto outcome = run_step(
      "container: {port: 8000, ready: {http: /}, steps: [{http: {path: /index.html, body_contains: [wine-quality]}},"
      " {http: {path: /built.txt, body_contains: [built]}}]}",
      image.temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("image built and running (podman)"));
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: a failing build cites the Dockerfile line it stopped at", "[container][engine]") {
  Image image("FROM python:3.11-slim\nWORKDIR /app\nRUN echo installing && false\nCMD [\"sleep\", \"60\"]\n");
  const auto outcome = run_step("container: {port: 8000}", image.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("the image does not build (podman) at Dockerfile:3 (RUN "));
  CHECK_THAT(outcome.evidence, Catch::Contains("installing"));
  CHECK(outcome.path == "Dockerfile");
  CHECK(outcome.line == 3);
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: without a port, the container must finish with 0 or keep running", "[container][engine]") {
  SECTION("finishes with 0") {
    Image image("FROM python:3.11-slim\nCMD [\"python3\", \"-c\", \"print('trained')\"]\n");
    const auto outcome = run_step("container: {}", image.temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::EndsWith("the container ran and exited with 0"));
  }
  SECTION("fails with its output") {
    Image image("FROM python:3.11-slim\nCMD [\"sh\", \"-c\", \"echo no data/wine.csv; exit 3\"]\n");
    const auto outcome = run_step("container: {}", image.temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence,
               Catch::StartsWith("the container exited with 3") && Catch::Contains("no data/wine.csv"));
  }
  SECTION("keeps running") {
    Image image("FROM python:3.11-slim\nCMD [\"sleep\", \"600\"]\n");
    const auto outcome = run_step("container: {settle: 1}", image.temp.path());
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::EndsWith("the container is still running after 1 s"));
  }
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: a container that exits at once shows its output", "[container][engine]") {
  Image image("FROM python:3.11-slim\nCMD [\"sh\", \"-c\", \"echo model file missing; exit 3\"]\n");
  const auto outcome = run_step("container: {port: 8000, ready_timeout: 20}", image.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("exited before it was ready") && Catch::Contains("model file missing"));
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: a container that never gets ready is stopped and removed", "[container][engine]") {
  Image image("FROM python:3.11-slim\nCMD [\"sleep\", \"600\"]\n");
  const auto outcome = run_step("container: {port: 8000, ready_timeout: 2}", image.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("the container was not ready within 2 s on port 8000"));
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: the docker CLI against Podman's Docker-compatible service", "[container][engine]") {
  Image image(
      "FROM python:3.11-slim\nCOPY site/ /site/\nCMD [\"httpd\", \"-f\", \"-p\", \"8000\", \"-h\", \"/site\"]\n");
  const auto socket = image.temp.path() / "podman.sock";
  REQUIRE(test::run_shell("sh -c 'podman system service --time=0 unix://" + socket.string() +
                          " >/dev/null 2>&1 & echo $! > " + (image.temp.path() / "service.pid").string() + "'") == 0);
  for (int i = 0; i < 50 && !std::filesystem::exists(socket); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(std::filesystem::exists(socket));
  ::setenv("DOCKER_HOST", ("unix://" + socket.string()).c_str(), 1);
  const auto outcome =
      run_step("container: {port: 8000, steps: [{http: {path: /index.html, body_contains: [wine-quality]}}]}",
               image.temp.path());
  ::unsetenv("DOCKER_HOST");
  test::run_shell("kill $(cat " + (image.temp.path() / "service.pid").string() + ")");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("image built and running (docker)"));
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: a Dockerfile in docker/ is built with the repository as its context", "[container][engine]") {
  test::prepare_engine();
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("docker/Dockerfile", "FROM python:3.11-slim\nCOPY site/ /site/\nCMD [\"ls\", \"/site/index.html\"]\n");
  repo.write("site/index.html", "<h1>wine-quality</h1>\n");
  const auto outcome = run_step("container: {}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container: the engine's own failures are told from the project's", "[container]") {
  const auto failed = [](const std::string& output) { return ProcessResult{125, 0, false, "", output}; };
  // What this machine's engines said when they could not run anything.
  for (const char* machine :
       {"Error: OCI runtime error: crun: cannot set up namespace: unshare: Operation not permitted",
        "docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create "
        "failed: unable to start container process: error during container init: error mounting \"proc\" to rootfs "
        "at \"/proc\": permission denied: unknown.",
        "Error: setting up network: netavark: nftables error",
        "docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        "Error: cannot find newuidmap: exec: \"newuidmap\": executable file not found in $PATH"}) {
    INFO(machine);
    CHECK(is_engine_failure(failed(machine)));
  }
  // What a learner's image or Dockerfile causes.
  for (const char* project :
       {"Error: crun: executable file `uvicornn` not found in $PATH: No such file or directory: OCI runtime attempted "
        "to invoke a command that was not found",
        "STEP 3/5: RUN pip install -r requirements.txt\nERROR: Could not find a version that satisfies the requirement",
        "docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create "
        "failed: unable to start container process: exec: \"uvicornn\": executable file not found in $PATH: unknown.",
        "exec ./start.sh: permission denied", "Error: no such image"}) {
    INFO(project);
    CHECK_FALSE(is_engine_failure(failed(project)));
  }
  CHECK_FALSE(is_engine_failure(ProcessResult{0, 0, false, "cannot set up namespace", ""}));
}
