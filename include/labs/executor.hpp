#pragma once

#include <labs/check.hpp>
#include <labs/result.hpp>
#include <labs/selector.hpp>

#include <vector>

namespace labkit {

/// The items to run, lab by lab, in catalog order.
struct PlannedLab {
  const Lab* lab = nullptr;
  std::vector<const Item*> items;
};

std::vector<PlannedLab> plan_run(const std::vector<Selection>& selections);

/// Runs every step of the plan and collects the results in plan order.
RunResult execute_plan(const std::vector<PlannedLab>& plan, CheckContext& context);

}  // namespace labkit
