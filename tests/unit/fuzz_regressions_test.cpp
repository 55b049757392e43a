// Every input the fuzzers found a crash with (fuzz/regressions/TARGET/) and
// every seed (fuzz/corpus/TARGET/) goes through its target again: a fixed
// crash stays fixed, and the targets themselves keep working.
#include "support/test_repo.hpp"
#include "targets.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fs = std::filesystem;

TEST_CASE("fuzz: the seeds and every kept crash input run through their targets", "[fuzz]") {
  for (const auto& target : labkit::fuzz::kTargets) {
    std::size_t replayed = 0;
    for (const char* kind : {"corpus", "regressions"}) {
      const fs::path folder = fs::path(LABS_SOURCE_DIR) / "fuzz" / kind / std::string(target.name);
      if (!fs::is_directory(folder)) continue;
      for (const auto& entry : fs::directory_iterator(folder)) {
        INFO(target.name << ": " << entry.path());
        const std::string input = labkit::test::read_text(entry.path());
        target.run(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
        ++replayed;
      }
    }
    INFO(target.name);
    CHECK(replayed > 0);  // each target has seeds
  }
}
