#pragma once

#include <labs/model/check.hpp>
#include <labs/model/model.hpp>

#include <chrono>
#include <optional>
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
  /// It cannot be checked in this context (a local-only or manual item in
  /// CI): skipped, and out of the maximum and of --strict, in every report
  /// and in the gradebook alike.
  bool out_of_context = false;
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

/// Which labs judged the run: reports name the bundle so a gate's verdict
/// can be traced to the exact checks (the learner cannot swap them).
struct RunInfo {
  std::string labs_version;
  std::string bundle;       ///< "builtin", or the --labs folder
  std::string bundle_hash;  ///< "sha1:…" over every lab file's path and text
  std::string started_at;   ///< UTC, ISO 8601
  std::string hostname;     ///< the machine that ran the checks (JUnit's testsuite says it)
};

/// What a CI gate demands beyond "no item failed" (verify's gate options).
struct GatePolicy {
  bool strict = false;                ///< a skipped item counts as failed
  std::optional<int> min_score;       ///< points needed; failures below it are tolerated
  std::optional<double> min_percent;  ///< share of the points needed, 0-100
  std::vector<std::string> require;   ///< item ids that must pass whatever the score
  bool thresholds() const { return min_score || min_percent; }
};

struct Totals {
  int items = 0, passed = 0, failed = 0, errors = 0, skipped = 0;
  int out_of_context = 0;  ///< items that cannot be checked here (see ItemResult); not in `skipped`
  int points = 0, max_points = 0;
};

/// The finished run: what reporters format and what the exit code comes from.
struct RunResult {
  RunInfo info;
  RepoSummary repo;
  std::vector<LabResult> labs;
  std::chrono::microseconds duration{0};
  GatePolicy gate;

  Totals totals() const;
  /// Why the run does not pass the gate, one sentence each; empty = it passes.
  std::vector<std::string> gate_problems() const;
  int exit_code() const;
};

/// Now, in UTC, as ISO 8601 ("2026-11-22T20:15:00Z"): how runs and ticks are dated.
std::string utc_timestamp();

}  // namespace labkit
