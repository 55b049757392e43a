// How a probe is started: which program, which arguments, in which sandbox.
#include <labs/process/command_line.hpp>
#include <labs/process/probe_env.hpp>

#include "process/process_tree.hpp"

#include <unistd.h>

#include <fstream>

namespace labkit {

namespace {

// A sanitizer build of labs reserves terabytes of address space for its
// shadow memory, and labs' own tests start it inside probes: under an
// address-space limit it could not start at all.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kLimitAddressSpace = false;
#else
constexpr bool kLimitAddressSpace = true;
#endif

/// Whether execve can start the file itself: a binary or a #! script. The
/// shell runs any other executable file as a shell script.
bool execve_can_start(const std::filesystem::path& program) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(program, error) || ::access(program.c_str(), X_OK) != 0) return false;
  char head[4] = {};
  std::ifstream(program, std::ios::binary).read(head, sizeof head);
  return std::string_view(head, 2) == "#!" || std::string_view(head, 4) == std::string_view(
                                                                               "\x7f"
                                                                               "ELF",
                                                                               4);
}

/// The program itself when the shell would do nothing but start it: a shell
/// per probe cost a process start of its own, as long as many a probe (dash
/// does not exec the last command of -c).
Launch plain_launch(const ProcessRequest& request, bool through_shell) {
  const auto words = through_shell ? std::nullopt : plain_command_words(request.command);
  if (words) {
    const std::string& name = words->front();
    const std::filesystem::path program =
        name.find('/') == std::string::npos ? find_program(request.environment, name) : request.directory / name;
    if (!program.empty() && execve_can_start(program)) {
      Launch launch{program.string(), {words->begin() + 1, words->end()}, {}, {}, {}};
      for (const auto& entry : request.environment) {
        if (!entry.starts_with("PWD=")) launch.environment.push_back(entry);
      }
      launch.environment.push_back("PWD=" + request.directory.string());  // as the shell exports it
      return launch;
    }
  }
  return {"/bin/sh", {"-c", request.command}, request.environment, {}, {}};
}

}  // namespace

Launch launch_for(const ProcessRequest& request, bool through_shell) {
  Launch launch = plain_launch(request, through_shell);
  if (!request.containment.learner_code) return launch;
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(request.timeout).count();
  launch.limits = {
      {}, request.containment.limits, seconds > 0 ? static_cast<rlim_t>(seconds) + 5 : RLIM_INFINITY, true};
  if (!kLimitAddressSpace) launch.limits.limits.memory_bytes = RLIM_INFINITY;
  launch.refusal = sandbox_refusal();
  if (launch.refusal.empty() && !request.containment.replaced.empty() && !sandbox_active())
    launch.refusal = "this probe shows files of the work tree changed, which only the sandbox can do";
  if (!launch.refusal.empty() || !sandbox_active()) return launch;
  std::vector<std::string> command{launch.program};
  command.insert(command.end(), launch.arguments.begin(), launch.arguments.end());
  // The system's temporary folder may be a path the sandbox does not show.
  std::erase_if(launch.environment, [](const std::string& entry) { return entry.starts_with("TMPDIR="); });
  launch.environment.emplace_back("TMPDIR=/tmp");
  auto words = sandboxed_command(request.directory, request.containment, launch.environment, command);
  launch.program = words.front();
  launch.arguments.assign(words.begin() + 1, words.end());
  return launch;
}

}  // namespace labkit
