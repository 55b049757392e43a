#include "commands/learner_progress.hpp"
#include "commands/learner_defaults.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/repo/repo.hpp>

#include <fmt/format.h>

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
  if (chosen.default_track.empty()) chosen.default_track = defaults->track;
  auto catalog = load_catalog(chosen);
  if (!catalog) return kExitUsage;
  chosen.default_track = default_track(chosen, catalog->bundle);
  LearnerProgress progress{std::move(*catalog), {}, opened.repo->root(), chosen.default_track, {}};
  auto labs = select_valid_labs(progress.catalog, {chosen.default_track + "/all"}, chosen);
  if (!labs) return kExitUsage;
  progress.labs = std::move(*labs);
  std::string problem;
  progress.state = read_progress(progress.root, problem);
  if (!problem.empty()) std::cerr << "labs: " << problem << '\n';
  return progress;
}

/// ITEM is "item", "lab/item" or "weekN/item" (the lab part is then ignored
/// when it is not a lab id); an item id used by several labs must be qualified.
std::optional<LearnerItem> find_learner_item(const LearnerProgress& progress, const std::string& wanted) {
  const auto slash = wanted.rfind('/');
  const std::string prefix = slash == std::string::npos ? "" : wanted.substr(0, slash);
  const std::string item_id = slash == std::string::npos ? wanted : wanted.substr(slash + 1);
  std::vector<LearnerItem> matches;
  std::vector<std::string> all_ids;
  for (const auto& selection : progress.labs) {
    const Lab& lab = selection.lab->lab;
    for (const auto& item : lab.items) {
      all_ids.push_back(item.id);
      if (item.id == item_id && (prefix.empty() || prefix == lab.id || prefix.find('/') != std::string::npos ||
                                 prefix.rfind("week", 0) == 0 || prefix.rfind("day", 0) == 0)) {
        matches.push_back({&lab, &item});
      }
    }
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    const std::string suggestion = did_you_mean(item_id, all_ids);
    std::cerr << fmt::format("labs: no item '{}' in the {} track{}; labs list shows them all\n", wanted, progress.track,
                             suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion));
  } else {
    std::cerr << fmt::format("labs: '{}' is an item of several labs; name one:", wanted);
    for (const auto& match : matches) std::cerr << fmt::format(" {}/{}", match.lab->id, match.item->id);
    std::cerr << '\n';
  }
  return std::nullopt;
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
