#include <labs/executor.hpp>

#include <algorithm>

namespace labkit {

using std::chrono::steady_clock;

std::vector<PlannedLab> plan_run(const std::vector<Selection>& selections) {
  std::vector<PlannedLab> plan;
  for (const auto& selection : selections) {
    PlannedLab planned{&selection.lab->lab, {}};
    const auto& wanted = selection.item_ids;
    for (const auto& item : planned.lab->items) {
      if (wanted.empty() || std::find(wanted.begin(), wanted.end(), item.id) != wanted.end()) {
        planned.items.push_back(&item);
      }
    }
    plan.push_back(std::move(planned));
  }
  return plan;
}

namespace {

StepResult run_step(const Step& step, CheckContext& context) {
  const auto started = steady_clock::now();
  StepResult result{&step, {}, {}};
  try {
    result.outcome = step.check->run(context);
  } catch (const std::exception& error) {
    // A check must never take the run down with it: its failure is its own row.
    result.outcome = {Status::error, std::string("internal error in this check: ") + error.what()};
  }
  result.duration = std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - started);
  return result;
}

}  // namespace

RunResult execute_plan(const std::vector<PlannedLab>& plan, CheckContext& context) {
  const auto started = steady_clock::now();
  RunResult run;
  for (const auto& planned : plan) {
    LabResult lab_result{planned.lab, {}};
    for (const Item* item : planned.items) {
      ItemResult item_result{item, Status::pass, {}};
      for (const auto& step : item->steps) {
        item_result.steps.push_back(run_step(step, context));
        item_result.status = combine(item_result.status, item_result.steps.back().outcome.status);
      }
      lab_result.items.push_back(std::move(item_result));
    }
    run.labs.push_back(std::move(lab_result));
  }
  run.duration = std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - started);
  return run;
}

}  // namespace labkit
