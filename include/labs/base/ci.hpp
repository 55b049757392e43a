#pragma once

namespace labkit {

/// The CI system labs runs in, from the variables CI services set.
enum class CiKind { none, github, gitlab, other };

/// GITHUB_ACTIONS, GITLAB_CI, else CI (any non-empty value).
CiKind detect_ci();

}  // namespace labkit
