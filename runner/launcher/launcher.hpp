#pragma once
// labs-probe-launcher: keeps one sandbox for a run and starts each probe in
// it (docs/security.md, "The kept sandbox"). A separate small program, so
// that what runs per probe starts fast and what runs in the sandbox is not
// all of labs.

namespace launcher {

/// Exit codes of `enter` of its own (else the probe's).
inline constexpr int kUsageError = 2;
inline constexpr int kSandboxGone = 125;
inline constexpr int kCannotStart = 127;  ///< as a shell says "command not found"

/// The sandbox's side, run inside bubblewrap.
int serve(int argc, char** argv);
/// The probe's side, run by labs.
int enter(int argc, char** argv);

}  // namespace launcher
