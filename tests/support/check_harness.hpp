#pragma once

#include <labs/base/diagnostics.hpp>
#include <labs/model/check.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace labkit::test {

/// Builds one step from YAML such as `git: {commits: {min: 3}}`; nullptr and
/// diagnostics when the step is invalid.
std::unique_ptr<Check> parse_step(const std::string& yaml, Diagnostics& diagnostics);

/// Parses a step (which must be valid) and runs it on the repository at `dir`.
StepOutcome run_step(const std::string& yaml, const std::filesystem::path& dir);

/// Commits `files` (path, text) to a fresh repository and runs the step on it.
StepOutcome run_step_on_files(const std::vector<std::pair<std::string, std::string>>& files, const std::string& yaml);

/// The text of every diagnostic, one per line, for assertions.
std::string messages(const Diagnostics& diagnostics);

}  // namespace labkit::test
