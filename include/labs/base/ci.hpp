#pragma once

#include <ostream>

namespace labkit {

/// The CI system labs runs in, from the variables CI services set.
enum class CiKind { none, github, gitlab, other };

/// GITHUB_ACTIONS, GITLAB_CI, else CI (any non-empty value).
CiKind detect_ci();

/// On GitHub Actions the runner reads every line of stderr for workflow
/// commands, and labs' messages quote learner strings (a track named
/// "x\n::set-output name=a::b" in .labs.yaml, a file name, a roster field).
/// From here on, a line written to std::cerr that would read as a command is
/// printed after "labs: ", which no command starts with. Elsewhere nothing changes.
void guard_stderr_on_github();

/// Where labs writes the workflow commands it means (annotations): stderr,
/// past the guard.
std::ostream& workflow_commands();

}  // namespace labkit
