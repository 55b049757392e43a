#pragma once
// A copy of the learner's work tree for a probe that changes what it runs on
// (a training run writing mlruns/, migrations, a CRUD sequence writing the
// app's database): the probe works on the copy and the learner's files,
// databases and stores stay exactly as they were.

#include <labs/process/process.hpp>
#include <labs/process/sandbox.hpp>
#include <labs/process/temporary_folder.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace labkit {

/// How big a work tree labs copies; a bigger one is an `error` of the step.
struct ScratchLimits {
  std::size_t files = 100'000;
  std::uintmax_t bytes = std::uintmax_t{4} << 30;
};

class ScratchCopy {
 public:
  /// Copies `root` (canonical) into a new temporary folder: every file,
  /// ignored ones too (a trained model, a data file, a SQLite database), by
  /// reflink where the file system has them, else by the kernel's
  /// copy_file_range. Never hard links: a probe writing a file in place
  /// (SQLite does) would write the learner's file through one. Not copied:
  /// caches (`__pycache__`, `.pytest_cache`), and package trees
  /// (virtualenvs, conda environments, `node_modules`) and `.git`, which are
  /// linked to the originals and shown read-only in the sandbox. Null with
  /// `error` when the tree is too big or the copy fails (disk full); what
  /// was copied is then removed, and nothing of `root` is ever changed.
  static std::unique_ptr<ScratchCopy> make(const std::filesystem::path& root, std::string& error,
                                           const ScratchLimits& limits = {});
  ~ScratchCopy();
  ScratchCopy(const ScratchCopy&) = delete;
  ScratchCopy& operator=(const ScratchCopy&) = delete;

  /// The copy's root; it has the original's folder name.
  const std::filesystem::path& tree() const { return m_tree; }
  std::size_t files() const { return m_files; }
  std::uintmax_t bytes() const { return m_bytes; }
  /// Lets a probe in the copy see what the copy links to, read-only.
  void show_links(Containment& containment) const;
  /// "copied 212 files (3.4 MB)", for evidence.
  std::string summary() const;

 private:
  ScratchCopy() = default;
  std::unique_ptr<TemporaryFolder> m_folder;  ///< holds the tree; removed with it, also on Ctrl-C
  std::filesystem::path m_tree;
  std::vector<std::filesystem::path> m_linked;  ///< originals the copy links to
  std::size_t m_files = 0;
  std::uintmax_t m_bytes = 0;
};

}  // namespace labkit
