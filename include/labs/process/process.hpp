#pragma once

#include <labs/base/limits.hpp>
#include <labs/process/sandbox.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace labkit {

struct ProcessRequest {
  std::string command;  ///< run as /bin/sh -c would (a plain one without the shell)
  std::filesystem::path directory;
  std::chrono::milliseconds timeout = kDefaultProbeTimeout;
  std::size_t output_cap = 1 << 20;  ///< bytes kept of stdout and of stderr each
  /// The probe's whole environment as NAME=VALUE (see probe_environment); the
  /// runner's own environment is never passed on.
  std::vector<std::string> environment;
  /// Sandbox, network and limits; learner code in a sandbox by default.
  Containment containment{true, Network::none, default_limits(), {}};
};

struct ProcessResult {
  int exit_code = -1;  ///< -1 when it did not exit normally
  int signal = 0;      ///< the signal that ended it, 0 if none
  bool timed_out = false;
  std::string out;  ///< head and tail kept when over the cap, with a note of the cut
  std::string err;
  std::size_t bytes_dropped = 0;  ///< output cut by the cap, both streams
  std::chrono::milliseconds elapsed{0};
  std::string launch_error;  ///< set when it could not be started
};

/// Runs a command with stdin from /dev/null, stdout and stderr read
/// concurrently and capped. The probe's whole process tree is ended when it
/// exits or times out (SIGTERM, SIGKILL after a grace period) — also
/// descendants that made their own process group or session: labs is their
/// subreaper and finds them by a marker in their environment.
ProcessResult run_process(const ProcessRequest& request);

/// The path of the running labs binary, to start another labs with.
std::string labs_executable();

/// Ends every process still descended from labs (e.g. a daemon that cleared
/// its environment); called when a run is over.
void end_leftover_processes();

/// Work that must happen even if labs is interrupted, such as removing a
/// container a probe started: the action runs once, when the scope ends or
/// when SIGINT/SIGTERM arrives first (then before labs exits). A second
/// interrupt during that clean-up leaves at once.
class ScopedCleanup {
 public:
  explicit ScopedCleanup(std::function<void()> action);
  ~ScopedCleanup();
  ScopedCleanup(const ScopedCleanup&) = delete;
  ScopedCleanup& operator=(const ScopedCleanup&) = delete;

  struct Entry;

 private:
  std::shared_ptr<Entry> m_entry;
};

/// Runs the pending clean-ups of every thread (see ScopedCleanup); called by
/// the process runner when an interrupt arrives.
void run_interrupt_cleanups();

/// After an interrupt, waits for its clean-up to finish and ends labs by
/// that signal; returns at once when there was none. A run calls it before
/// reporting, so an interrupted run never reports as if it had finished.
void end_if_interrupted();

}  // namespace labkit
