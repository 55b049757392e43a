#pragma once

#include <labs/base/yaml_util.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace labkit {

/// A YAML file of the learner's repository (inside it: see resolve_inside),
/// at most 4 MiB. nullopt when it is absent or unreadable; when it is not
/// valid YAML, also `problem` = "FILE:LINE: not valid YAML: ...".
std::optional<YAML::Node> read_repo_yaml(const std::filesystem::path& root, const std::string& relative,
                                         std::string& problem);

}  // namespace labkit
