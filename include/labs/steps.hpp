#pragma once

#include <labs/check.hpp>
#include <labs/diagnostics.hpp>
#include <labs/model.hpp>

#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace labkit {

/// Reads a list of steps (`- kind: {...}`), each through its kind's parser.
/// `allowed` limits the kinds (empty = every kind) and `where` names the place
/// for messages, e.g. "a service". Problems go to diagnostics with their line.
std::vector<Step> parse_steps(const YAML::Node& list, const std::string& file, Diagnostics& diagnostics,
                              const std::vector<std::string>& allowed = {}, const std::string& where = "");

/// Runs one step; an exception becomes its `error` outcome, never the run's end.
StepOutcome run_guarded(const Step& step, const CheckContext& context);

/// Runs the steps inside a service or container against the server on `port`;
/// the combined status, and one ✓/✗ line of evidence per step.
StepOutcome run_against_server(const std::vector<Step>& steps, const CheckContext& context, unsigned short port);

}  // namespace labkit
