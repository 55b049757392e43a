#pragma once

namespace labkit {

/// Parses argv, runs the command and returns the process exit code
/// (docs/exit-codes.md). The only place that catches what nothing else did.
int run(int argc, char** argv);

}  // namespace labkit
