#include "commands/learner_defaults.hpp"

#include <labs/base/diagnostics.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/yaml_document.hpp>

#include <fmt/format.h>

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
  const auto text = read_text_file(resolved, std::size_t{64} << 10, error);
  const std::string shown = (root / kFileName).string();
  if (!text) {
    std::cerr << fmt::format("labs: {}: {}\n", shown, error);
    return std::nullopt;
  }
  Diagnostics diagnostics;
  const auto node = parse_yaml_document(shown, *text, diagnostics);
  if (node && yaml_present(*node)) {
    // Only defaults: a key that would change what is checked is refused by name.
    SpecMap spec(*node, kFileName, {"track", "verify", "train"}, shown, diagnostics);
    defaults.track = spec.string("track").value_or("");
    defaults.verify = spec.string_list("verify").value_or(std::vector<std::string>{});
    defaults.train = spec.string("train").value_or("");
  }
  if (diagnostics.all().empty()) return defaults;
  for (const auto& problem : diagnostics.all()) std::cerr << "labs: " << format_diagnostic(problem) << '\n';
  // The reminder answers a refused key, not a file that is no single YAML document.
  if (node) {
    std::cerr << fmt::format(
        "labs: {} may only set defaults (track, verify, train); the checks come from the labs bundle\n", shown);
  }
  return std::nullopt;
}

}  // namespace labkit
