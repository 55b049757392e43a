#pragma once

#include <labs/engine/result_cache.hpp>
#include <labs/model/check.hpp>
#include <labs/model/result.hpp>
#include <labs/spec/selector.hpp>

#include <vector>

namespace labkit {

/// The items to run, lab by lab, in catalog order.
struct PlannedLab {
  const Lab* lab = nullptr;
  std::vector<const Item*> items;
};

std::vector<PlannedLab> plan_run(const std::vector<Selection>& selections);

/// Drops the items that run learner code (--no-probes); returns how many.
std::size_t drop_probes(std::vector<PlannedLab>& plan);

/// Whether some item of the plan runs learner code.
bool runs_learner_code(const std::vector<PlannedLab>& plan);

/// Told when items start and end, e.g. to draw live progress on a terminal.
/// Called from worker threads.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void started(const Lab& lab, const Item& item) = 0;
  virtual void finished(const Lab& lab, const Item& item, Status status) = 0;
};

struct ExecuteOptions {
  unsigned jobs = 1;  ///< worker threads for items that run learner code
  ProgressSink* progress = nullptr;
  const ResultCache* cache = nullptr;  ///< reuse probe results whose inputs did not change
  bool in_ci = false;                  ///< skip `local_only` items, which a CI checkout cannot prove
};

/// Runs the plan: items that run learner code on `jobs` worker threads,
/// in-process items on the calling thread so they never wait behind a slow
/// probe; an item starts once the items it needs have passed, and is skipped
/// with the reason when one of them did not. Each thread reads the repository
/// through its own libgit2 handle. Results come back in plan order.
/// Evidence as a learner and an instructor read it: paths inside the work
/// tree (`root`, which for labs grade is a folder of the instructor's) and
/// inside a probe's scratch copy of it (`/tmp/labs-scratch-…/project/`) are
/// made relative to the project, so no report shows where labs worked.
std::string relative_evidence(const std::string& evidence, const std::filesystem::path& root);

RunResult execute_plan(const std::vector<PlannedLab>& plan, const CheckContext& context,
                       const ExecuteOptions& options = {});

}  // namespace labkit
