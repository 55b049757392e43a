#pragma once

#include <labs/check.hpp>
#include <labs/model.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace labkit {

struct StepResult {
  const Step* step = nullptr;
  StepOutcome outcome;
  std::chrono::microseconds duration{0};
  bool cached = false;  ///< taken from the result cache, not run
};

struct ItemResult {
  const Item* item = nullptr;
  Status status = Status::pass;
  std::vector<StepResult> steps;
  std::string note;  ///< why it was skipped, or how many attempts it took
  int points_earned() const { return status == Status::pass ? item->points : 0; }
};

struct LabResult {
  const Lab* lab = nullptr;
  std::vector<ItemResult> items;
  Status status() const;
};

/// Facts about the repository that every report heads with.
struct RepoSummary {
  std::string root;
  std::string head_commit;  ///< full hex id, "" when there is no commit
  std::string branch;
  std::vector<std::string> notices;  ///< e.g. "history is shallow"
};

struct Totals {
  int items = 0, passed = 0, failed = 0, errors = 0, skipped = 0;
  int points = 0, max_points = 0;
};

/// The finished run: what reporters format and what the exit code comes from.
struct RunResult {
  RepoSummary repo;
  std::vector<LabResult> labs;
  std::chrono::microseconds duration{0};

  Totals totals() const;
  int exit_code() const;
};

}  // namespace labkit
