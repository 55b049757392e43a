#pragma once

#include <sys/types.h>
#include <filesystem>
#include <string>

namespace labkit::test {

/// Running or sleeping, per /proc; a zombie awaiting its reaper counts as gone.
bool process_alive(pid_t pid);

/// Waits up to a second for the kernel to tear a killed process down.
bool process_gone_soon(pid_t pid);

/// Live host processes whose command line holds `name` (a sandboxed probe
/// cannot tell the test its pid, but can run a program named after the test).
int processes_named(const std::string& name);

/// Waits up to two seconds until no live process's command line holds `name`.
bool no_process_named_soon(const std::string& name);

/// The pid a probe wrote to a file, 0 when there is none.
pid_t read_pid(const std::filesystem::path& file);

}  // namespace labkit::test
