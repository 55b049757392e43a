#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace labkit {

struct ProcessRequest {
  std::string command;  ///< run by /bin/sh -c
  std::filesystem::path directory;
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
  std::size_t output_cap = 1 << 20;  ///< bytes kept of stdout and of stderr
};

struct ProcessResult {
  int exit_code = -1;  ///< -1 when it did not exit normally
  int signal = 0;      ///< the signal that ended it, 0 if none
  bool timed_out = false;
  std::string out;
  std::string err;
  std::size_t bytes_dropped = 0;  ///< output beyond the cap
  std::chrono::milliseconds elapsed{0};
  std::string launch_error;  ///< set when it could not be started
};

/// Runs a command in its own process group with stdin from /dev/null; on
/// timeout the whole group gets SIGTERM, then SIGKILL after a grace period.
ProcessResult run_process(const ProcessRequest& request);

}  // namespace labkit
