#pragma once

namespace labkit {

/// The process exit codes, documented in docs/exit-codes.md.
enum ExitCode : int {
  kExitPassed = 0,       ///< every selected item passed
  kExitFailed = 1,       ///< an item failed or could not be checked
  kExitUsage = 2,        ///< bad command line, unknown selector or invalid lab files
  kExitEnvironment = 3,  ///< the repository or the machine cannot be used
  kExitInterrupted = 130,
};

}  // namespace labkit
