#pragma once

#include <labs/base/diagnostics.hpp>
#include <labs/model/model.hpp>

#include <memory>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace labkit {

struct CheckKind;

/// The check that a step's keys (the YAML under its kind) describe, or
/// nullptr when they have a problem, reported to diagnostics: a step is never
/// run half-understood.
std::unique_ptr<Check> parse_check(const CheckKind& kind, const YAML::Node& node, const std::string& file,
                                   Diagnostics& diagnostics);

/// Reads a list of steps (`- kind: {...}`), each through its kind's parser.
/// `allowed` limits the kinds (empty = every kind) and `where` names the place
/// for messages, e.g. "a service". Problems go to diagnostics with their line.
std::vector<Step> parse_steps(const YAML::Node& list, const std::string& file, Diagnostics& diagnostics,
                              const std::vector<std::string>& allowed = {}, const std::string& where = "");

}  // namespace labkit
