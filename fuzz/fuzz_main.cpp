// One libFuzzer binary per target: LABS_FUZZ_TARGET names it at build time.
#include "targets.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (const auto& target : labkit::fuzz::kTargets) {
    if (target.name == LABS_FUZZ_TARGET) {
      target.run(data, size);
      return 0;
    }
  }
  std::abort();
}
