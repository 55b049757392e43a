#include "support/run_labs.hpp"

#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

namespace labkit::test {

LabsRun run_labs(const std::vector<std::string>& args, const std::filesystem::path& directory,
                 const std::vector<std::string>& environment, const std::string& wrapper,
                 std::chrono::seconds deadline) {
  // What a login gives any user: a PATH (the engines find their helpers
  // through it) and a HOME.
  std::string command = wrapper + " env NO_COLOR=1";
  for (const char* name : {"PATH", "HOME"}) {
    if (const char* value = std::getenv(name)) command += " " + shell_quote(std::string(name) + "=" + value);
  }
  // The result cache of test runs goes to the temporary folder, not the user's ~/.cache.
  command +=
      " " + shell_quote("XDG_CACHE_HOME=" + (std::filesystem::temp_directory_path() / "labs-test-cache").string());
  for (const auto& setting : environment) command += " " + shell_quote(setting);
  command += " " + shell_quote(LABS_BINARY);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  ProcessRequest request{command, directory, deadline};
  request.containment.learner_code = false;  // labs itself, which sandboxes its own probes
  const ProcessResult result = run_process(request);
  REQUIRE(result.launch_error.empty());
  REQUIRE_FALSE(result.timed_out);
  return {result.exit_code, result.out, result.err};
}

std::map<std::string, std::string> item_marks(const std::string& report) {
  std::map<std::string, std::string> marks;
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    for (const char* mark : {"✓", "✗", "?", "–"}) {
      const std::string prefix = std::string("  ") + mark + " ";
      if (line.rfind(prefix, 0) != 0) continue;
      std::istringstream rest(line.substr(prefix.size()));
      std::string id;
      rest >> id;
      marks[id] = mark;
    }
  }
  return marks;
}

int run_shell(const std::string& command) { return std::system(command.c_str()) == 0 ? 0 : 1; }

}  // namespace labkit::test
