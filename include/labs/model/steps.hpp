#pragma once

#include <labs/model/check.hpp>
#include <labs/model/model.hpp>

#include <string>
#include <vector>

namespace labkit {

/// Runs one step; an exception becomes its `error` outcome, never the run's end.
StepOutcome run_guarded(const Step& step, const CheckContext& context);

/// Runs the steps inside a service or container against the server on `port`;
/// the combined status, and one ✓/✗ line of evidence per step.
StepOutcome run_against_server(const std::vector<Step>& steps, const CheckContext& context, unsigned short port,
                               const std::filesystem::path& served_tree = {});

}  // namespace labkit
