#include <labs/engine/executor.hpp>
#include <labs/engine/manual_items.hpp>
#include <labs/model/steps.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

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

std::size_t drop_probes(std::vector<PlannedLab>& plan) {
  std::size_t dropped = 0;
  for (auto& lab : plan) {
    dropped += std::erase_if(lab.items, [](const Item* item) { return item->runs_learner_code(); });
  }
  std::erase_if(plan, [](const PlannedLab& lab) { return lab.items.empty(); });
  return dropped;
}

bool runs_learner_code(const std::vector<PlannedLab>& plan) {
  return std::any_of(plan.begin(), plan.end(), [](const PlannedLab& lab) {
    return std::any_of(lab.items.begin(), lab.items.end(), [](const Item* item) { return item->runs_learner_code(); });
  });
}

namespace {

/// Every occurrence of `folder` in `text` as a path: "folder/x" becomes "x",
/// "folder" alone ".". A longer name that only starts the same is left.
void make_relative(std::string& text, std::string_view folder) {
  if (folder.empty()) return;
  std::string relative;
  std::size_t copied = 0;
  for (std::size_t at = 0; (at = text.find(folder, at)) != std::string::npos;) {
    const std::size_t end = at + folder.size();
    const char next = end < text.size() ? text[end] : ' ';
    const bool inside = next == '/';
    const bool whole = std::isalnum(static_cast<unsigned char>(next)) == 0 && next != '-' && next != '_' && next != '.';
    if (!inside && !whole) {
      at = end;
      continue;
    }
    relative.append(text, copied, at - copied);
    if (!inside) relative += '.';
    copied = inside ? end + 1 : end;
    at = copied;
  }
  if (copied == 0) return;
  relative.append(text, copied, std::string::npos);
  text = std::move(relative);
}

}  // namespace

std::string relative_evidence(const std::string& evidence, const std::filesystem::path& root) {
  static const std::string kScratchMark = "/labs-scratch-";
  std::string text = evidence;
  // A scratch copy's tree: TMPDIR/labs-scratch-XXXXXX/NAME (see ScratchCopy).
  for (std::size_t at = 0; (at = text.find(kScratchMark, at)) != std::string::npos;) {
    const std::size_t start = text.find_last_of(" \t\n'\"(=:", at) + 1;
    const std::size_t name = text.find('/', at + kScratchMark.size());
    if (name == std::string::npos) break;
    const std::size_t tree_end = std::min(text.find_first_of("/ \t\n'\"):,", name + 1), text.size());
    make_relative(text, text.substr(start, tree_end - start));
    const bool left =
        at + kScratchMark.size() <= text.size() && text.compare(at, kScratchMark.size(), kScratchMark) == 0;
    at = left ? at + kScratchMark.size() : start;
  }
  make_relative(text, root.native());
  return text;
}

namespace {

StepResult run_step(const Item& item, const Step& step, const CheckContext& context, const ResultCache* cache) {
  const auto started = steady_clock::now();
  StepResult result{&step, {}, {}};
  std::string key;
  if (cache && step.cacheable) {
    key = cache->key(item, step);
    if (auto hit = cache->load(key)) {
      result.outcome = std::move(*hit);
      result.cached = true;
      return result;
    }
  }
  result.outcome = run_guarded(step, context);
  result.outcome.evidence = relative_evidence(result.outcome.evidence, context.settings.root);
  result.duration = std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - started);
  // Only a verdict on the learner's work is kept: an error (labs or the
  // machine failed) or a skip (a tool missing here) may be gone next run.
  const Status status = result.outcome.status;
  if (!key.empty() && (status == Status::pass || status == Status::fail)) cache->store(key, result.outcome);
  return result;
}

ItemResult run_item(const Item& item, const CheckContext& context, const ResultCache* cache) {
  ItemResult result{&item, Status::pass, {}, ""};
  for (int attempt = 0; attempt <= item.retries; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(item.retry_delay);
    result.status = Status::pass;
    result.steps.clear();
    for (const auto& step : item.steps) {
      result.steps.push_back(run_step(item, step, context, cache));
      result.status = combine(result.status, result.steps.back().outcome.status);
    }
    if (result.status == Status::pass) {
      if (attempt > 0) result.note = fmt::format("passed on attempt {} of {}", attempt + 1, item.retries + 1);
      break;
    }
    if (item.retries > 0) result.note = fmt::format("{} attempts", attempt + 1);
  }
  return result;
}

struct Task {
  const Lab* lab;
  const Item* item;
  std::size_t lab_index;
  std::size_t item_index;
  std::size_t waiting_for = 0;          ///< needed items not finished yet
  std::vector<std::size_t> dependents;  ///< tasks that need this one
  bool probe;
};

/// The shared state of one run: ready queues, results, and who waits for whom.
class Scheduler {
 public:
  Scheduler(const std::vector<PlannedLab>& plan, RunResult& run, const ExecuteOptions& options, unsigned workers)
      : m_run(run), m_progress(options.progress), m_cache(options.cache), m_in_ci(options.in_ci), m_workers(workers) {
    std::map<std::pair<const Lab*, std::string>, std::size_t> index;
    for (std::size_t l = 0; l < plan.size(); ++l) {
      m_run.labs.push_back({plan[l].lab, std::vector<ItemResult>(plan[l].items.size())});
      for (std::size_t i = 0; i < plan[l].items.size(); ++i) {
        const Item* item = plan[l].items[i];
        index[{plan[l].lab, item->id}] = m_tasks.size();
        m_tasks.push_back({plan[l].lab, item, l, i, 0, {}, item->runs_learner_code()});
      }
    }
    // A need outside the plan (only some items were selected) does not hold the item back.
    for (std::size_t t = 0; t < m_tasks.size(); ++t) {
      for (const auto& needed : m_tasks[t].item->needs) {
        if (auto it = index.find({m_tasks[t].lab, needed}); it != index.end()) {
          m_tasks[it->second].dependents.push_back(t);
          ++m_tasks[t].waiting_for;
        }
      }
    }
    for (std::size_t t = 0; t < m_tasks.size(); ++t) {
      if (m_tasks[t].waiting_for == 0) queue_of(m_tasks[t]).push_back(t);
    }
  }

  /// A worker that could not open the repository leaves the probes to others.
  void worker_gone() {
    std::lock_guard lock(m_mutex);
    --m_workers;
    m_changed.notify_all();
  }

  /// Runs tasks until none is left. Workers take probes first, then help
  /// with in-process items; the calling thread keeps to in-process items
  /// while any worker is there to take the probes.
  void work(const CheckContext& context, bool worker) {
    std::unique_lock lock(m_mutex);
    while (true) {
      const auto pick = [&]() -> std::deque<std::size_t>* {
        if (worker || m_workers == 0) {
          if (!m_probes.empty()) return &m_probes;
        }
        return m_static.empty() ? nullptr : &m_static;
      };
      m_changed.wait(lock, [&] { return m_finished == m_tasks.size() || pick(); });
      if (m_finished == m_tasks.size()) return;
      std::deque<std::size_t>* queue = pick();
      const std::size_t t = queue->front();
      queue->pop_front();
      Task& task = m_tasks[t];
      lock.unlock();
      if (m_progress) m_progress->started(*task.lab, *task.item);
      ItemResult result =
          task.item->manual ? judge_manual_item(*task.lab, *task.item, context.root(), m_in_ci)
          : m_in_ci && task.item->local_only
              ? ItemResult{task.item,
                           Status::skip,
                           {},
                           "skipped in CI: it can only be proven on the learner's machine (out of the maximum)",
                           true}
              : run_item(*task.item, context, m_cache);
      if (m_progress) m_progress->finished(*task.lab, *task.item, result.status);
      lock.lock();
      finish(t, std::move(result));
    }
  }

 private:
  std::deque<std::size_t>& queue_of(const Task& task) { return task.probe ? m_probes : m_static; }

  void finish(std::size_t t, ItemResult result) {
    if (record(t, std::move(result)) || m_finished == m_tasks.size()) m_changed.notify_all();
  }

  /// Stores a result and releases or skips its dependants; true when a task
  /// became ready. Waking the other threads only then keeps a run of probes
  /// from waking the calling thread after every one (two context switches a
  /// probe, which a virtual machine makes costly).
  bool record(std::size_t t, ItemResult result) {
    bool queued = false;
    const bool passed = result.status == Status::pass;
    m_run.labs[m_tasks[t].lab_index].items[m_tasks[t].item_index] = std::move(result);
    ++m_finished;
    for (std::size_t d : m_tasks[t].dependents) {
      Task& dependent = m_tasks[d];
      if (m_run.labs[dependent.lab_index].items[dependent.item_index].item) continue;  // already skipped
      if (!passed) {
        queued |= record(d, {dependent.item,
                             Status::skip,
                             {},
                             fmt::format("skipped: it needs '{}', which did not pass", m_tasks[t].item->id)});
      } else if (--dependent.waiting_for == 0) {
        queue_of(dependent).push_back(d);
        queued = true;
      }
    }
    return queued;
  }

  RunResult& m_run;
  ProgressSink* m_progress;
  const ResultCache* m_cache;
  bool m_in_ci;
  unsigned m_workers;  ///< worker threads still able to take probes
  std::vector<Task> m_tasks;
  std::deque<std::size_t> m_probes, m_static;
  std::size_t m_finished = 0;
  std::mutex m_mutex;
  std::condition_variable m_changed;
};

}  // namespace

RunResult execute_plan(const std::vector<PlannedLab>& plan, const CheckContext& context,
                       const ExecuteOptions& options) {
  const auto started = steady_clock::now();
  const DiscoveryScope discovery;  // steps that name no path share one walk of the tree
  RunResult run;
  const unsigned jobs = std::max(1u, options.jobs);
  Scheduler scheduler(plan, run, options, jobs);
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      // libgit2 objects belong to one thread: each worker opens its own handle.
      auto opened = Repo::open(context.root(), false);
      if (!opened.repo) return scheduler.worker_gone();
      if (const auto& judged = context.repo.judged_commit()) opened.repo->judge_commit(*judged);
      const CheckContext own{*opened.repo, context.settings};
      scheduler.work(own, true);
    });
  }
  scheduler.work(context, false);
  for (auto& worker : workers) worker.join();
  run.duration = std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - started);
  return run;
}

}  // namespace labkit
