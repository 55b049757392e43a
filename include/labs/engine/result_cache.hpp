#pragma once

#include <labs/model/check.hpp>
#include <labs/model/model.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace labkit {

class Repo;

/// The files a probe may depend on: every path git sees in the work tree
/// (tracked, and untracked but not ignored) with its content's blob id, plus
/// the packages installed in the repository's virtualenv.
struct WorkTreeFingerprint {
  std::vector<std::pair<std::string, std::string>> files;  ///< sorted (path, blob id)
  std::vector<std::string> packages;                       ///< *.dist-info names in .venv/ or venv/
  std::string error;                                       ///< set when the tree could not be read
};

WorkTreeFingerprint fingerprint_work_tree(const Repo& repo);

/// Results of probe steps whose inputs did not change, kept in the
/// repository's git folder (.git/labs/cache/, never tracked). Entries are
/// written to a temporary file and renamed, so concurrent runs never see a
/// half-written one; a corrupt entry is a miss.
class ResultCache {
 public:
  ResultCache(std::filesystem::path folder, const WorkTreeFingerprint& tree);

  /// The key of a step of an item: cache format, labs version, the step's
  /// definition, the item's inputs (all files, or those its `inputs` globs name).
  std::string key(const Item& item, const Step& step) const;
  std::optional<StepOutcome> load(const std::string& key) const;
  void store(const std::string& key, const StepOutcome& outcome) const;

 private:
  std::filesystem::path m_folder;
  const WorkTreeFingerprint& m_tree;
};

/// Where a repository's cache lives.
std::filesystem::path cache_folder(const Repo& repo);

}  // namespace labkit
