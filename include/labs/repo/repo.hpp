#pragma once

#include <labs/repo/git_ptr.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// What a walk of HEAD's history saw.
struct HistoryWalk {
  std::size_t visited = 0;
  bool truncated = false;  ///< a shallow clone cut the history
  std::string error;       ///< set when the object store could not be read
};

/// The learner's repository, opened through libgit2.
class Repo {
 public:
  /// Either a repository or the reason none could be used, phrased for the
  /// learner with the command that fixes it.
  struct OpenResult {
    std::unique_ptr<Repo> repo;
    std::string problem;
  };

  /// Opens the repository containing `start`, searching upwards unless
  /// `search_upwards` is false.
  static OpenResult open(const std::filesystem::path& start, bool search_upwards);

  ~Repo();
  Repo(const Repo&) = delete;
  Repo& operator=(const Repo&) = delete;

  git_repository* handle() const { return m_repo.get(); }
  const std::filesystem::path& root() const { return m_root; }
  bool has_commits() const;
  /// Why HEAD's commit cannot be read although HEAD is not unborn (a
  /// corrupt or missing object); "" when it can, or when there is no commit.
  std::string damaged_head() const;
  bool is_shallow() const;
  std::string head_id() const;  ///< "" when there is no commit
  std::string branch() const;   ///< "" when HEAD is detached or unborn
  /// Loads HEAD's commit (or the judged one); nullptr when there is none.
  GitCommitPtr head_commit() const;
  /// Judges `commit` instead of HEAD: head_commit, head_id, the committed
  /// files and every history walk start there. A CI's synthetic merge of a
  /// pull request is not the learner's work; the pull request's head is.
  void judge_commit(const git_oid& commit) { m_judged = commit; }
  const std::optional<git_oid>& judged_commit() const { return m_judged; }

  /// Visits every commit reachable from HEAD until `visit` returns false.
  /// On a shallow clone the walk stops at the boundary and says so.
  HistoryWalk walk_history(const std::function<bool(git_commit&)>& visit) const;
  /// Counts HEAD's commits without parsing them where libgit2 need not.
  HistoryWalk count_history() const;

 private:
  Repo(GitRepositoryPtr repo, std::filesystem::path root);
  HistoryWalk walk_shallow(const std::function<bool(git_commit&)>& visit) const;
  /// nullopt when the graph turns out unusable and libgit2 must walk instead.
  std::optional<HistoryWalk> count_with_graph(const class CommitGraph& graph) const;

  /// Starts a revision walk at the judged commit or HEAD; false when there is no commit.
  bool push_start(git_revwalk* walk) const;

  GitRepositoryPtr m_repo;
  std::filesystem::path m_root;
  std::optional<git_oid> m_judged;
};

}  // namespace labkit
