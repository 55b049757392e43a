#include "support/engine.hpp"

#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

namespace labkit::test {

namespace {
const std::string kConf = std::string(LABS_SOURCE_DIR) + "/tests/podman/containers.conf";
}

void prepare_engine() {
  static const bool ready = [] {
    ::setenv("CONTAINERS_CONF", kConf.c_str(), 1);
    return run_shell("bash " + std::string(LABS_SOURCE_DIR) + "/scripts/offline-python-image.sh podman") == 0;
  }();
  REQUIRE(ready);
}

std::string engine_setting() { return "CONTAINERS_CONF=" + kConf; }

std::size_t probe_leftovers() {
  TempDir temp;
  const auto file = temp.path() / "count";
  run_shell("{ podman ps -aq --filter label=labs.probe; podman images -q --filter label=labs.probe; } | wc -l > " +
            file.string());
  std::size_t count = 0;
  std::ifstream(file) >> count;
  return count;
}

}  // namespace labkit::test
