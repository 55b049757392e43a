#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace labkit::test {

struct LabsRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built `labs` binary with `args` in `directory`; `environment` is
/// a list of NAME=VALUE set for it (NO_COLOR is always set); `wrapper` is a
/// command put in front (e.g. setpriv to run as another user). `deadline`
/// only guards against a hang: a run past it fails the test.
LabsRun run_labs(const std::vector<std::string>& args, const std::filesystem::path& directory,
                 const std::vector<std::string>& environment = {}, const std::string& wrapper = "",
                 std::chrono::seconds deadline = std::chrono::seconds(60));

/// Item id → its mark (✓ ✗ ? –) in a text report.
std::map<std::string, std::string> item_marks(const std::string& report);

/// Runs a shell command (for git CLI set-ups such as shallow clones).
int run_shell(const std::string& command);

}  // namespace labkit::test
