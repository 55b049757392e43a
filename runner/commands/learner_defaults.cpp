#include "commands/learner_defaults.hpp"

#include <labs/base/diagnostics.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <iostream>

namespace labkit {

namespace {

constexpr const char* kFileName = ".labs.yaml";

}  // namespace

std::optional<LearnerDefaults> read_learner_defaults(const std::filesystem::path& root) {
  LearnerDefaults defaults;
  // Read like any learner file: never through a symlink that leaves the repo.
  const ResolvedPath resolved = resolve_inside(root, kFileName);
  std::error_code missing;
  if (!resolved.ok() || !std::filesystem::exists(resolved.path, missing)) return defaults;
  std::string error;
  const auto text = read_text_file(resolved.path, std::size_t{64} << 10, error);
  const std::string shown = (root / kFileName).string();
  if (!text) {
    std::cerr << fmt::format("labs: {}: {}\n", shown, error);
    return std::nullopt;
  }
  Diagnostics diagnostics;
  try {
    const YAML::Node node = YAML::Load(*text);
    if (node.IsDefined() && !node.IsNull()) {
      // Only defaults: a key that would change what is checked is refused by name.
      SpecMap spec(node, kFileName, {"track", "verify"}, shown, diagnostics);
      defaults.track = spec.string("track").value_or("");
      defaults.verify = spec.string_list("verify").value_or(std::vector<std::string>{});
    }
  } catch (const YAML::Exception& e) {
    std::cerr << fmt::format("labs: {}:{}:{}: {}\n", shown, e.mark.line + 1, e.mark.column + 1, e.msg);
    return std::nullopt;
  }
  if (diagnostics.all().empty()) return defaults;
  for (const auto& problem : diagnostics.all()) std::cerr << "labs: " << format_diagnostic(problem) << '\n';
  std::cerr << fmt::format("labs: {} may only set defaults (track, verify); the checks come from the labs bundle\n",
                           shown);
  return std::nullopt;
}

}  // namespace labkit
