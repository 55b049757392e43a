// End to end on a real engine (Podman): the built binary removes what it
// made even when interrupted mid-step, and removes what a killed labs left.
#include "support/engine.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cctype>
#include <csignal>
#include <fstream>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

/// A project whose container never answers HTTP, and a lab that probes it.
struct SleepyProject {
  TempDir temp;
  TestRepo repo{temp.path() / "project"};
  std::filesystem::path project = temp.path() / "project";
  std::filesystem::path labs = temp.path() / "labs";

  explicit SleepyProject(const std::string& step) {
    test::prepare_engine();
    repo.write("Dockerfile", "FROM python:3.11-slim\nCMD [\"sleep\", \"600\"]\n");
    repo.commit("Add a Dockerfile");
    test::write_text(labs / "lab.yaml", test::lab_yaml("sleepy", 1, {{"runs", step}}));
  }
};

std::string host_tag() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::string tag;
  for (const char* c = host; *c && tag.size() < 24; ++c) {
    if (std::isalnum(static_cast<unsigned char>(*c)))
      tag += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  }
  return tag;
}

}  // namespace

TEST_CASE("container e2e: Ctrl-C while waiting for a container removes it and its image", "[e2e][container][engine]") {
  SleepyProject sleepy("container: {port: 8000, ready: {http: /health}, ready_timeout: 120}");
  const auto rc_file = sleepy.temp.path() / "rc";
  // Interrupted once the container runs, i.e. while labs polls it for readiness.
  const std::string script =
      "cd " + sleepy.project.string() + " && " + test::engine_setting() + " " + LABS_BINARY + " --labs " +
      sleepy.labs.string() + " verify week1 > /dev/null 2>&1 & pid=$!; " +
      "for i in $(seq 600); do [ -n \"$(podman ps -q --filter label=labs.probe)\" ] && break; sleep 0.1; done; " +
      "sleep 0.5; kill -INT $pid; wait $pid; echo $? > " + rc_file.string();
  REQUIRE(test::run_shell("sh -c '" + script + "'") == 0);
  int rc = 0;
  std::ifstream(rc_file) >> rc;
  CHECK(rc == 128 + SIGINT);
  CHECK(test::probe_leftovers() == 0);
}

TEST_CASE("container e2e: what a killed labs left behind is removed by the next run", "[e2e][container][engine]") {
  SleepyProject sleepy("container: {settle: 1}");
  // A pid that surely ended: a shell that was started and waited for.
  const auto pid_file = sleepy.temp.path() / "pid";
  REQUIRE(test::run_shell("sh -c 'echo $$ > " + pid_file.string() + "'") == 0);
  std::string dead_pid;
  std::ifstream(pid_file) >> dead_pid;
  const std::string stale = "labs-probe-" + host_tag() + "-" + dead_pid + "-1";
  const std::string alive = "labs-probe-" + host_tag() + "-" + std::to_string(::getpid()) + "-999";
  for (const auto& name : {stale, alive}) {
    REQUIRE(test::run_shell("sh -c 'cd " + sleepy.project.string() +
                            " && podman build -q --pull=never --label labs.probe=" + name + " -t localhost/" + name +
                            " . >/dev/null && podman run -d --name " + name + " --label labs.probe=" + name +
                            " localhost/" + name + " >/dev/null'") == 0);
  }
  REQUIRE(test::probe_leftovers() == 4);
  const auto run =
      test::run_labs({"--labs", sleepy.labs.string(), "verify", "week1"}, sleepy.project, {test::engine_setting()});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  // The stale pair is gone; the pair of a labs that still runs (this test) stays.
  CHECK(test::probe_leftovers() == 2);
  CHECK(test::run_shell("podman container exists " + alive) == 0);
  test::run_shell("podman rm -f --time 0 " + alive + " >/dev/null; podman rmi -f localhost/" + alive + " >/dev/null");
  CHECK(test::probe_leftovers() == 0);
}
