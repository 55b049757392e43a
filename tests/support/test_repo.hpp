#pragma once

#include <git2.h>

#include <filesystem>
#include <string>
#include <vector>

namespace labkit::test {

/// A fresh folder under the system's temporary directory, removed afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

/// A real git repository built through libgit2, for tests to shape at will.
class TestRepo {
 public:
  /// `git init` in `dir` with `branch` as the first branch.
  explicit TestRepo(std::filesystem::path dir, const std::string& branch = "main");
  ~TestRepo();
  TestRepo(const TestRepo&) = delete;
  TestRepo& operator=(const TestRepo&) = delete;

  const std::filesystem::path& dir() const { return m_dir; }
  git_repository* handle() const { return m_repo; }

  void write(const std::string& path, const std::string& content);
  void remove(const std::string& path);
  /// Stages everything (new, changed, deleted; ignore rules apply) and commits
  /// on HEAD; returns the commit's hex id.
  std::string commit(const std::string& message);
  void create_branch(const std::string& name);
  /// Points HEAD at the branch and makes the work tree match it.
  void checkout(const std::string& name);
  /// A no-fast-forward merge of a branch that is ahead of HEAD.
  std::string merge(const std::string& branch, const std::string& message);
  void add_remote(const std::string& name, const std::string& url);
  void tag(const std::string& name);
  /// The next commit is dated a minute after `seconds` (since the epoch).
  void set_clock(git_time_t seconds) { m_clock = seconds; }

 private:
  std::filesystem::path m_dir;
  git_repository* m_repo = nullptr;
  git_time_t m_clock = 1'700'000'000;
};

/// Writes a file, creating its folders.
void write_text(const std::filesystem::path& file, const std::string& text);

/// A file's bytes; "" when it cannot be read.
std::string read_text(const std::filesystem::path& file);

/// The text of a lab file in track mlops with one step per item:
/// lab_yaml("slow", 1, {{"waits", "command: {run: 'sleep 2'}"}}).
std::string lab_yaml(const std::string& id, int week, const std::vector<std::pair<std::string, std::string>>& items);

/// The files of a bundled sample learner project, by default the mlops one
/// (examples/sample-project; the backend one is examples/backend-sample).
std::vector<std::pair<std::string, std::string>> sample_project_files(
    const std::string& folder = "examples/sample-project");

/// The text of a file of the source tree, e.g. "examples/sample-project/README.md".
std::string read_source_file(const std::string& relative);

}  // namespace labkit::test
