// The container check on a real engine: Podman from Debian, with a base
// image made locally from busybox-static (nothing can be pulled here) and
// tagged as python:3.11-slim, the name learner Dockerfiles use.
#include "support/check_harness.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <chrono>
#include <fstream>
#include <thread>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

/// Points Podman at the project's settings and makes the base image once.
void prepare_engine() {
  static const bool ready = [] {
    ::setenv("CONTAINERS_CONF", (std::string(LABS_SOURCE_DIR) + "/tests/podman/containers.conf").c_str(), 1);
    if (test::run_shell("podman image exists docker.io/library/python:3.11-slim") == 0) return true;
    const std::string script =
        "set -e; d=$(mktemp -d); mkdir -p $d/rootfs/bin; cp /bin/busybox $d/rootfs/bin/; "
        "for c in sh echo cat ls httpd sleep false true; do ln -sf busybox $d/rootfs/bin/$c; done; "
        "tar -C $d/rootfs -cf $d/rootfs.tar .; podman import -q $d/rootfs.tar localhost/labs-busybox:latest >/dev/null; "
        "podman tag localhost/labs-busybox:latest docker.io/library/python:3.11-slim; rm -rf $d";
    return test::run_shell("sh -c '" + script + "'") == 0;
  }();
  REQUIRE(ready);
}

std::size_t leftovers() {
  TempDir temp;
  const auto file = temp.path() / "count";
  test::run_shell("{ podman ps -aq --filter label=labs.probe; podman images -q --filter reference='localhost/labs-probe-*'; } | wc -l > " +
                  file.string());
  std::size_t count = 0;
  std::ifstream(file) >> count;
  return count;
}

struct Image {
  TempDir temp;
  TestRepo repo{temp.path()};
  explicit Image(const std::string& dockerfile) {
    prepare_engine();
    repo.write("Dockerfile", dockerfile);
    repo.write("site/index.html", "<h1>wine-quality</h1>\n");
  }
};

}  // namespace

TEST_CASE("container: an image that builds, runs and answers; nothing left behind", "[container][engine]") {
  Image image("FROM python:3.11-slim\nCOPY site/ /site/\nRUN echo built > /site/built.txt\nEXPOSE 8000\n"
              "CMD [\"httpd\", \"-f\", \"-p\", \"8000\", \"-h\", \"/site\"]\n");
  const auto outcome = run_step(
      "container: {port: 8000, ready: {http: /}, steps: [{http: {path: /index.html, body_contains: [wine-quality]}},"
      " {http: {path: /built.txt, body_contains: [built]}}]}", image.temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("image built and running (podman)"));
  CHECK(leftovers() == 0);
}

TEST_CASE("container: a failing build shows the end of the build output", "[container][engine]") {
  Image image("FROM python:3.11-slim\nRUN echo installing && false\nCMD [\"sleep\", \"60\"]\n");
  const auto outcome = run_step("container: {port: 8000}", image.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("the image does not build (podman)"));
  CHECK_THAT(outcome.evidence, Catch::Contains("installing"));
  CHECK(leftovers() == 0);
}

TEST_CASE("container: a container that exits at once shows its output", "[container][engine]") {
  Image image("FROM python:3.11-slim\nCMD [\"sh\", \"-c\", \"echo model file missing; exit 3\"]\n");
  const auto outcome = run_step("container: {port: 8000, ready_timeout: 20}", image.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("exited before it was ready") && Catch::Contains("model file missing"));
  CHECK(leftovers() == 0);
}

TEST_CASE("container: a container that never gets ready is stopped and removed", "[container][engine]") {
  Image image("FROM python:3.11-slim\nCMD [\"sleep\", \"600\"]\n");
  const auto outcome = run_step("container: {port: 8000, ready_timeout: 2}", image.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("the container was not ready within 2 s on port 8000"));
  CHECK(leftovers() == 0);
}

TEST_CASE("container: the docker CLI against Podman's Docker-compatible service", "[container][engine]") {
  Image image("FROM python:3.11-slim\nCOPY site/ /site/\nCMD [\"httpd\", \"-f\", \"-p\", \"8000\", \"-h\", \"/site\"]\n");
  const auto socket = image.temp.path() / "podman.sock";
  REQUIRE(test::run_shell("sh -c 'podman system service --time=0 unix://" + socket.string() +
                          " >/dev/null 2>&1 & echo $! > " + (image.temp.path() / "service.pid").string() + "'") == 0);
  for (int i = 0; i < 50 && !std::filesystem::exists(socket); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(std::filesystem::exists(socket));
  ::setenv("DOCKER_HOST", ("unix://" + socket.string()).c_str(), 1);
  const auto outcome = run_step("container: {port: 8000, steps: [{http: {path: /index.html, body_contains: [wine-quality]}}]}",
                                image.temp.path());
  ::unsetenv("DOCKER_HOST");
  test::run_shell("kill $(cat " + (image.temp.path() / "service.pid").string() + ")");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("image built and running (docker)"));
  CHECK(leftovers() == 0);
}
