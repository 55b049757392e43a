#include <labs/base/exit_codes.hpp>
#include <labs/model/result.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace labkit {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::pass:
      return "pass";
    case Status::fail:
      return "fail";
    case Status::error:
      return "error";
    case Status::skip:
      return "skip";
  }
  return "unknown";
}

Status combine(Status a, Status b) {
  for (Status worst : {Status::fail, Status::error, Status::skip}) {
    if (a == worst || b == worst) return worst;
  }
  return Status::pass;
}

bool Item::runs_learner_code() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& step) { return step.runs_learner_code; });
}

const Item* Lab::find_item(const std::string& item_id) const {
  for (const auto& item : items) {
    if (item.id == item_id) return &item;
  }
  return nullptr;
}

namespace {

std::string range_label(const char* one, const char* many, const DayRange& range) {
  if (range.first == range.last) return fmt::format("{} {}", one, range.first);
  return fmt::format("{} {}-{}", many, range.first, range.last);
}

}  // namespace

std::string Lab::span_label() const {
  std::string label = range_label("week", "weeks", weeks);
  if (days) label += " · " + range_label("day", "days", *days);
  return label;
}

Status LabResult::status() const {
  Status status = Status::pass;
  for (const auto& item : items) status = combine(status, item.status);
  return status;
}

Totals RunResult::totals() const {
  Totals totals;
  for (const auto& lab : labs) {
    for (const auto& item : lab.items) {
      ++totals.items;
      if (item.out_of_context) {
        ++totals.out_of_context;
        continue;
      }
      totals.max_points += item.item->points;
      totals.points += item.points_earned();
      switch (item.status) {
        case Status::pass:
          ++totals.passed;
          break;
        case Status::fail:
          ++totals.failed;
          break;
        case Status::error:
          ++totals.errors;
          break;
        case Status::skip:
          ++totals.skipped;
          break;
      }
    }
  }
  return totals;
}

std::vector<std::string> RunResult::gate_problems() const {
  std::vector<std::string> problems;
  const Totals t = totals();
  // With a score threshold, failed items are tolerated as long as the score is met.
  if (!gate.thresholds() && t.failed > 0) problems.push_back(fmt::format("{} item(s) not done", t.failed));
  if (t.errors > 0) problems.push_back(fmt::format("{} item(s) could not be checked", t.errors));
  if (gate.strict && t.skipped > 0) problems.push_back(fmt::format("{} item(s) skipped (--strict)", t.skipped));
  if (gate.min_score && t.points < *gate.min_score) {
    problems.push_back(fmt::format("score {} is below the required {}", t.points, *gate.min_score));
  }
  if (gate.min_percent) {
    const double percent = t.max_points == 0 ? 100.0 : 100.0 * t.points / t.max_points;
    if (percent + 1e-9 < *gate.min_percent) {
      problems.push_back(fmt::format("score {:.1f}% is below the required {:g}%", percent, *gate.min_percent));
    }
  }
  for (const auto& id : gate.require) {
    const ItemResult* found = nullptr;
    for (const auto& lab : labs) {
      for (const auto& item : lab.items) {
        if (item.item->id == id || lab.lab->id + "/" + item.item->id == id) found = &item;
      }
    }
    if (!found)
      problems.push_back(fmt::format("required item '{}' was not among the selected labs", id));
    else if (found->status != Status::pass)
      problems.push_back(fmt::format("required item '{}' is not done", id));
  }
  return problems;
}

int RunResult::exit_code() const { return gate_problems().empty() ? kExitPassed : kExitFailed; }

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace labkit
