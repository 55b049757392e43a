#pragma once
// How a probe is contained: bubblewrap namespaces (docs/security.md) and
// resource limits. The policy is run-wide, set once from the command line.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace labkit {

/// What network a probe sees: its own loopback only, or the host's (a probe
/// that talks to a service labs started, or the service itself).
enum class Network { none, host };

/// Limits set on a probe and on every process it starts.
struct ProbeLimits {
  std::uint64_t memory_bytes = std::uint64_t{2} << 30;  ///< address space of each process
  std::uint64_t processes = 1024;                       ///< per user; the kernel exempts root
  std::uint64_t file_bytes = std::uint64_t{1} << 30;    ///< the largest file it may write
};

/// What a process is, for containment.
struct Containment {
  /// false for a trusted system tool that cannot run in a user namespace
  /// (the container engine, whose containers are its own sandbox): it runs
  /// without bubblewrap and without limits.
  bool learner_code = true;
  Network network = Network::none;
  ProbeLimits limits;
  /// Files or folders outside the work tree the probe writes for labs (a
  /// pytest report), shown read-write at the same path.
  std::vector<std::filesystem::path> writable;
  /// Files of the work tree shown with another file's content, read-only
  /// (a mutant of a learner's module): {path in the tree, file shown there}.
  /// Only the sandbox can do this without writing over the learner's file,
  /// so a probe with replacements never runs outside it.
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> replaced;
  /// Folders outside the work tree shown read-only at the same path: the
  /// originals a scratch copy links to (its virtualenv, .git).
  std::vector<std::filesystem::path> readable;
  /// The tree is a scratch copy, which lives shorter than the run's kept
  /// sandbox: the probe gets a sandbox of its own.
  bool scratch_tree = false;

  /// Whether the probe needs a sandbox of its own rather than the kept one.
  bool needs_own_view() const { return !replaced.empty() || !readable.empty() || scratch_tree; }
};

/// The address-space limits a run (`--memory-limit`) or a step (`memory_mb`)
/// may set, in MiB: less would not start Python, more is no limit.
inline constexpr long kLeastMemoryMib = 64;
inline constexpr long kMostMemoryMib = 1L << 20;

/// A step's own address-space limit (`memory_mb`), over the run's default.
inline void set_memory_limit(Containment& containment, std::optional<long> mebibytes) {
  if (mebibytes) containment.limits.memory_bytes = static_cast<std::uint64_t>(*mebibytes) << 20;
}

enum class SandboxMode {
  automatic,  ///< sandbox where bubblewrap works, else a one-time note and the plain runner
  required,   ///< refuse to run a probe without the sandbox
  off,        ///< the plain runner (labs' own tests of the fallback, debugging)
};

/// The run-wide policy; set before the first probe.
void set_sandbox_mode(SandboxMode mode);
SandboxMode sandbox_mode();
/// The run-wide default limits (a step may lower or raise them).
void set_default_limits(const ProbeLimits& limits);
const ProbeLimits& default_limits();

/// Whether bubblewrap can make a user-namespace sandbox here, tried once.
struct SandboxSupport {
  bool available = false;
  std::string reason;  ///< why not, for the note and for --require-sandbox
};
const SandboxSupport& sandbox_support();

/// Whether probes of this run are sandboxed (the mode and the support).
/// The first call without support in automatic mode prints a note.
bool sandbox_active();
/// Why no probe may run: the sandbox is required and cannot be made; "" otherwise.
std::string sandbox_refusal();

/// The bubblewrap command line (program first) that runs `command` (program
/// and arguments) in `tree` — the learner's work tree, the only writable
/// folder besides a private /tmp. `environment` is the probe's: its PATH
/// decides which tool folders outside the system are shown read-only.
std::vector<std::string> sandboxed_command(const std::filesystem::path& tree, const Containment& containment,
                                           const std::vector<std::string>& environment,
                                           const std::vector<std::string>& command);

/// Hides labs' own environment and memory from processes of the same user
/// (PR_SET_DUMPABLE 0): what stops an unsandboxed probe reading
/// /proc/<labs>/environ, mem or fd/1. Called once at start.
void protect_own_process();

}  // namespace labkit
