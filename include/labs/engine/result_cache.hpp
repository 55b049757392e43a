#pragma once

#include <labs/model/check.hpp>
#include <labs/model/model.hpp>

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace labkit {

class Repo;

/// The files a probe may depend on: every file of the work tree but .git —
/// tracked and untracked ones by their content's blob id, git-ignored ones
/// (a trained model, data) by size and modification time, leaving out
/// installed packages and tools' caches — plus the packages installed in the
/// repository's virtualenv.
struct WorkTreeFingerprint {
  std::vector<std::pair<std::string, std::string>> files;  ///< sorted (path, blob id or size and time)
  std::vector<std::string> packages;  ///< the system python3, and each virtualenv's interpreter and *.dist-info names
  std::string error;                  ///< set when the tree could not be read
};

WorkTreeFingerprint fingerprint_work_tree(const Repo& repo);

/// The secret that authenticates a cache's entries (HMAC-SHA256).
using CacheSecret = std::array<unsigned char, 32>;

/// Results of probe steps whose inputs did not change, kept outside the work
/// tree (see open_result_cache). Every entry carries an HMAC-SHA256 of the
/// repository's folder, its key and its whole content under the cache's
/// secret, so an entry a probe wrote, altered or moved is a miss, never
/// believed. Entries are written to a temporary file and renamed, so
/// concurrent runs never see a half-written one.
class ResultCache {
 public:
  ResultCache(std::filesystem::path folder, const CacheSecret& secret, const WorkTreeFingerprint& tree);

  /// The key of a step of an item: cache format, labs version, the step's
  /// definition, the item's inputs (all files, or those its `inputs` globs name).
  std::string key(const Item& item, const Step& step) const;
  /// nullopt on a miss, and always once write_only() was called.
  std::optional<StepOutcome> load(const std::string& key) const;
  void store(const std::string& key, const StepOutcome& outcome) const;
  /// Every probe runs (--no-cache), and its result replaces the entry, so
  /// that the next run does not show an older one.
  void write_only() { m_write_only = true; }

 private:
  std::string mac(const std::string& key, std::string_view body) const;
  std::filesystem::path entry_path(const std::string& key) const;

  std::filesystem::path m_folder;
  CacheSecret m_secret;
  const WorkTreeFingerprint* m_tree;
  bool m_write_only = false;
};

/// Where every repository's cache lives: $XDG_CACHE_HOME/labs, else
/// $HOME/.cache/labs; empty when neither names an absolute folder.
std::filesystem::path cache_root();

/// The secret of the caches under `root`, made on first use: random bytes in
/// a file only its owner can read, put in place atomically so that two first
/// runs agree. nullopt and `problem` (one line) when it cannot be read.
std::optional<CacheSecret> load_cache_secret(const std::filesystem::path& root, std::string& problem);

/// The cache of the repository at `repo_root`: a folder under `root` named by
/// a hash of that absolute path, made 0700. nullopt and `problem` (one line)
/// when there is none to use.
std::optional<ResultCache> open_result_cache(const std::filesystem::path& root, const std::filesystem::path& repo_root,
                                             const WorkTreeFingerprint& tree, std::string& problem);

}  // namespace labkit
