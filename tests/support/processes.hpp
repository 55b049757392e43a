#pragma once

#include <sys/types.h>
#include <filesystem>

namespace labkit::test {

/// Running or sleeping, per /proc; a zombie awaiting its reaper counts as gone.
bool process_alive(pid_t pid);

/// Waits up to a second for the kernel to tear a killed process down.
bool process_gone_soon(pid_t pid);

/// The pid a probe wrote to a file, 0 when there is none.
pid_t read_pid(const std::filesystem::path& file);

}  // namespace labkit::test
