#include "commands/learner_progress.hpp"
#include "commands/learner_defaults.hpp"

#include <labs/exit_codes.hpp>
#include <labs/repo.hpp>

#include <iostream>

namespace labkit {

std::variant<LearnerProgress, int> read_learner_progress(const GlobalOptions& globals, const std::string& repo) {
  const std::filesystem::path start = repo.empty() ? std::filesystem::current_path() : std::filesystem::path(repo);
  auto opened = Repo::open(start, repo.empty());
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  const auto defaults = read_learner_defaults(opened.repo->root());
  if (!defaults) return kExitUsage;
  GlobalOptions chosen = globals;
  if (chosen.default_track.empty()) chosen.default_track = defaults->track.empty() ? "mlops" : defaults->track;
  auto catalog = load_catalog(chosen);
  if (!catalog) return kExitUsage;
  LearnerProgress progress{std::move(*catalog), {}, opened.repo->root(), chosen.default_track, {}};
  auto labs = select_valid_labs(progress.catalog, {chosen.default_track + "/all"}, chosen);
  if (!labs) return kExitUsage;
  progress.labs = std::move(*labs);
  std::string problem;
  progress.state = read_progress(progress.root, problem);
  if (!problem.empty()) std::cerr << "labs: " << problem << '\n';
  return progress;
}

bool milestone_done(const Milestone& milestone, const ProgressState& state) {
  if (milestone.items.empty()) return false;
  for (const auto& item : milestone.items) {
    const auto found = state.items.find(item);
    if (found == state.items.end() || !found->second.done) return false;
  }
  return true;
}

}  // namespace labkit
