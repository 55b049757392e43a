#pragma once
// The one YAML document of a file labs is configured by: a lab file, a
// milestones file, a learner's .labs.yaml.

#include <labs/base/diagnostics.hpp>

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace labkit {

/// Real lab files are a few KB (the largest in labs/ is 4.3 KB), and yaml-cpp
/// holds some 60 bytes of memory per byte of YAML: a 50 MB file took 3 GB.
inline constexpr std::size_t kMaxYamlFileBytes = std::size_t{1} << 20;

/// The document of `text`, or nullopt with the problem recorded at file:line:
/// a text over kMaxYamlFileBytes (refused before parsing), a syntax error, or
/// a second document, which yaml-cpp's Load would silently drop.
std::optional<YAML::Node> parse_yaml_document(const std::string& file, std::string_view text, Diagnostics& diagnostics);

}  // namespace labkit
