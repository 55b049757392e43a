#pragma once

#include "commands/commands.hpp"

#include <labs/engine/progress_state.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

namespace labkit {

/// What the learner's commands (status, next, checklist, hint) start from:
/// the labs, the repository, the track (--track, else .labs.yaml, else
/// mlops) with its labs in roadmap order, and what earlier runs proved.
struct LearnerProgress {
  LoadedCatalog catalog;
  std::vector<Selection> labs;
  std::filesystem::path root;
  std::string track;
  ProgressState state;
};

/// Prints why and returns an exit code when the catalog, the track or the
/// repository cannot be used.
std::variant<LearnerProgress, int> read_learner_progress(const GlobalOptions& globals, const std::string& repo);

struct LearnerItem {
  const Lab* lab = nullptr;
  const Item* item = nullptr;
};

/// The item ITEM names: "item", or "lab/item" when several labs use the id.
/// Prints why (with a did-you-mean) and returns nullopt when there is none.
std::optional<LearnerItem> find_learner_item(const LearnerProgress& progress, const std::string& wanted);

/// Whether every item of a milestone is done; a milestone without items is never done.
bool milestone_done(const Milestone& milestone, const ProgressState& state);

}  // namespace labkit
