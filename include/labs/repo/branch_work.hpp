#pragma once

#include <labs/repo/repo.hpp>

#include <string>
#include <vector>

namespace labkit {

/// A branch whose changes reached HEAD, and the way they came.
struct MergedBranch {
  std::string name;
  std::string how;  ///< "merge commit", "squash or rebase", "fast-forward"
};

struct BranchWork {
  std::vector<MergedBranch> merged;
  std::size_t empty_merges = 0;      ///< merge commits that changed no file
  std::vector<std::string> pending;  ///< branches with changes HEAD does not have
  HistoryWalk walk;
};

/// Which branches' work is in HEAD, however it was merged. A merge commit
/// counts when it changes files; a squash (or a rebase done on the host)
/// when every file the branch changed is in HEAD as the branch left it; a
/// fast-forward when the branch's reflog shows a commit that changed files.
BranchWork find_branch_work(const Repo& repo);

/// A commit whose tree differs from its first parent's (a root commit: is
/// not empty). Empty commits (git commit --allow-empty) change nothing.
bool changes_files(git_repository* repo, git_commit& commit);

}  // namespace labkit
