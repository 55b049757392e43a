#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// What a learner's `.labs.yaml` (at the repository root) may set: defaults
/// for which labs to verify and where their project's parts are, never the
/// checks themselves — those come from the binary or the instructor's
/// --labs folder.
struct LearnerDefaults {
  std::string track;                ///< "" = not set
  std::vector<std::string> verify;  ///< selectors for a bare `labs verify`
  std::string train;                ///< how the training starts, for `mlflow: {train: auto}`; "" = discover
};

/// Reads `.labs.yaml` at the root of a work tree (Repo::root(): the
/// repository is found once, by libgit2, never by a second search here).
/// Absent file: empty defaults. Invalid file: prints file:line:col problems
/// and returns nullopt.
std::optional<LearnerDefaults> read_learner_defaults(const std::filesystem::path& root);

}  // namespace labkit
