#pragma once
// Reading YAML where any key may be absent or null (learners' files).

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace labkit {

/// Present and not null.
inline bool yaml_present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }
/// 1-based line of the node, 0 when unknown.
inline int yaml_line(const YAML::Node& node) { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }
/// Every document of a YAML stream, as YAML::LoadAll reads them; throws
/// YAML::ParserException on a stream that LoadAll of yaml-cpp 0.7 would loop
/// on for ever (see yaml_util.cpp).
std::vector<YAML::Node> load_yaml_documents(const std::string& text);
/// Its text when it is a scalar, else "".
inline std::string yaml_text(const YAML::Node& node) {
  return yaml_present(node) && node.IsScalar() ? node.Scalar() : "";
}

}  // namespace labkit
