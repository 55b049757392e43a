#pragma once

#include <labs/model/result.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// What the learner's runs have proven, kept in `.labs/progress.json` at the
/// repository root: per item ("lab/item") whether it is ticked, at which
/// commit, and since when it has been so at that commit; and the history of
/// every change.
struct ProgressState {
  struct Tick {
    bool done = false;
    std::string commit;
    std::string at;  ///< UTC, ISO 8601: the first run that found it so at this commit
  };
  struct Change {
    std::string at, item, commit;
    bool done = false;
  };
  std::map<std::string, Tick> items;
  std::vector<Change> history;  ///< oldest first; the newest kHistoryKept are kept

  static constexpr std::size_t kHistoryKept = 5000;
  bool done(const std::string& lab, const std::string& item) const;
};

std::filesystem::path progress_file(const std::filesystem::path& repo_root);

/// The state as last written; empty when there is none. A file that cannot
/// be read as state (edited by hand) gives an empty state and a message.
ProgressState read_progress(const std::filesystem::path& repo_root, std::string& problem);

/// Folds a finished run into the state on disk: a passed item is ticked, a
/// failed one un-ticked (the state follows the repository as it is); errors
/// and skips change nothing. Under an exclusive lock, written to a temporary
/// file and renamed, so concurrent runs and a kill at any moment leave either
/// the old or the new state. `.labs/` gets a .gitignore of its own, so it
/// stays out of the learner's commits. "" or why it could not be written.
[[nodiscard]] std::string record_progress(const std::filesystem::path& repo_root, const RunResult& run);

}  // namespace labkit
