#pragma once

#include <labs/repo/git_ptr.hpp>
#include <labs/repo/repo.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace labkit {

/// The ignore rules the learner committed: the .gitignore files of HEAD's
/// tree, without this clone's .git/info/exclude, uncommitted edits or the
/// user's global excludes — what a teammate or a CI checkout gets.
class CommittedIgnoreRules {
 public:
  /// Lays the rules out in `scratch` (an empty folder the caller owns and removes).
  static std::unique_ptr<CommittedIgnoreRules> load(const Repo& repo, const std::filesystem::path& scratch,
                                                    std::string& error);
  /// `path` is relative to the repository root; a trailing '/' names a folder.
  bool ignores(const std::string& path) const;

 private:
  explicit CommittedIgnoreRules(GitRepositoryPtr rules) : m_rules(std::move(rules)) {}
  GitRepositoryPtr m_rules;
};

}  // namespace labkit
