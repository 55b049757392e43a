// Merged branch work, however the learner merged: GitHub's three merge
// buttons and the command line leave different shapes in the history.
#include <labs/repo/branch_work.hpp>

#include <git2.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace labkit {

namespace {

using GitReflogPtr = GitPtr<git_reflog, git_reflog_free>;
using GitDiffPtr = GitPtr<git_diff, git_diff_free>;

bool same_tree_as_parent(git_repository* repo, git_commit& commit) {
  if (git_commit_parentcount(&commit) == 0) {
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, &commit) != 0) return false;
    const GitTreePtr owned(tree);
    return git_tree_entrycount(tree) == 0;
  }
  git_commit* parent = nullptr;
  // A parent beyond a shallow boundary cannot be read: count the commit.
  if (git_commit_lookup(&parent, repo, git_commit_parent_id(&commit, 0)) != 0) return false;
  const GitCommitPtr owned(parent);
  return git_oid_equal(git_commit_tree_id(&commit), git_commit_tree_id(parent)) != 0;
}

/// "Merge branch 'x'", "Merge pull request #3 from user/x", "Merge remote-tracking branch 'origin/x'".
std::string merged_name(std::string_view summary) {
  if (const auto from = summary.find(" from ");
      summary.rfind("Merge pull request", 0) == 0 && from != std::string::npos) {
    std::string_view rest = summary.substr(from + 6);
    rest = rest.substr(0, rest.find(' '));
    const auto slash = rest.find('/');
    return std::string(slash == std::string_view::npos ? rest : rest.substr(slash + 1));
  }
  const auto open = summary.find('\'');
  const auto close = open == std::string_view::npos ? open : summary.find('\'', open + 1);
  if (summary.rfind("Merge ", 0) == 0 && close != std::string_view::npos) {
    std::string_view name = summary.substr(open + 1, close - open - 1);
    if (summary.find("remote-tracking") != std::string_view::npos && name.find('/') != std::string_view::npos)
      name = name.substr(name.find('/') + 1);
    return std::string(name);
  }
  return std::string(summary);
}

/// Every file the branch changed since it left HEAD's line is in HEAD as the branch left it.
bool content_in_head(git_repository* repo, git_commit& head, git_commit& tip, bool& changed) {
  changed = false;
  git_oid base_id;
  if (git_merge_base(&base_id, repo, git_commit_id(&head), git_commit_id(&tip)) != 0) return false;
  git_commit* base = nullptr;
  if (git_commit_lookup(&base, repo, &base_id) != 0) return false;
  const GitCommitPtr base_owned(base);
  git_tree *base_tree = nullptr, *tip_tree = nullptr, *head_tree = nullptr;
  if (git_commit_tree(&base_tree, base) != 0) return false;
  const GitTreePtr base_owned_tree(base_tree);
  if (git_commit_tree(&tip_tree, &tip) != 0) return false;
  const GitTreePtr tip_owned(tip_tree);
  if (git_commit_tree(&head_tree, &head) != 0) return false;
  const GitTreePtr head_owned(head_tree);
  git_diff* raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo, base_tree, tip_tree, nullptr) != 0) return false;
  const GitDiffPtr diff(raw);
  const std::size_t count = git_diff_num_deltas(raw);
  changed = count > 0;
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(raw, i);
    git_tree_entry* entry = nullptr;
    const bool present = git_tree_entry_bypath(&entry, head_tree, delta->new_file.path) == 0;
    const GitTreeEntryPtr entry_owned(entry);
    if (delta->status == GIT_DELTA_DELETED) {
      if (present) return false;
    } else if (!present || git_oid_equal(git_tree_entry_id(entry), &delta->new_file.id) == 0) {
      return false;
    }
  }
  return changed;
}

/// The branch's own reflog shows a commit on it that changed files.
bool committed_on(git_repository* repo, const std::string& refname) {
  git_reflog* raw = nullptr;
  if (git_reflog_read(&raw, repo, refname.c_str()) != 0) return false;
  const GitReflogPtr reflog(raw);
  for (std::size_t i = 0; i < git_reflog_entrycount(raw); ++i) {
    const git_reflog_entry* entry = git_reflog_entry_byindex(raw, i);
    const char* message = git_reflog_entry_message(entry);
    if (message == nullptr || std::string_view(message).rfind("commit", 0) != 0) continue;
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo, git_reflog_entry_id_new(entry)) != 0) continue;
    const GitCommitPtr owned(commit);
    if (changes_files(repo, *commit)) return true;
  }
  return false;
}

}  // namespace

bool changes_files(git_repository* repo, git_commit& commit) { return !same_tree_as_parent(repo, commit); }

BranchWork find_branch_work(const Repo& repo) {
  BranchWork work;
  git_repository* handle = repo.handle();
  std::set<std::string> named;
  work.walk = repo.walk_history([&](git_commit& commit) {
    if (git_commit_parentcount(&commit) < 2) return true;
    if (!changes_files(handle, commit)) {
      ++work.empty_merges;
    } else if (named.insert(merged_name(git_commit_summary(&commit))).second) {
      work.merged.push_back({merged_name(git_commit_summary(&commit)), "merge commit"});
    }
    return true;
  });
  const auto head = repo.head_commit();
  if (!head || !work.walk.error.empty()) return work;
  const std::string current = repo.branch();
  git_branch_iterator* raw = nullptr;
  if (git_branch_iterator_new(&raw, handle, GIT_BRANCH_ALL) != 0) return work;
  const GitBranchIteratorPtr iterator(raw);
  git_reference* reference = nullptr;
  git_branch_t type;
  std::set<std::string> seen;
  while (git_branch_next(&reference, &type, raw) == 0) {
    const GitReferencePtr owned(reference);
    std::string name = git_reference_shorthand(reference);
    if (type == GIT_BRANCH_REMOTE) name = name.substr(name.find('/') + 1);
    // On a detached HEAD (a CI checkout) the main line is not a branch of work.
    const bool main_line = name == current || (current.empty() && (name == "main" || name == "master"));
    if (name == "HEAD" || main_line || named.count(name) || !seen.insert(name).second) continue;
    const git_oid* tip_id = git_reference_target(reference);
    git_commit* tip = nullptr;
    if (tip_id == nullptr || git_commit_lookup(&tip, handle, tip_id) != 0) continue;
    const GitCommitPtr tip_owned(tip);
    const git_oid* head_id = git_commit_id(head.get());
    const bool reachable = git_oid_equal(tip_id, head_id) || git_graph_descendant_of(handle, head_id, tip_id) == 1;
    bool changed = false;
    if (reachable) {
      if (type == GIT_BRANCH_LOCAL && committed_on(handle, git_reference_name(reference)))
        work.merged.push_back({name, "fast-forward"});
    } else if (content_in_head(handle, *head, *tip, changed)) {
      work.merged.push_back({name, "squash or rebase"});
    } else if (changed) {
      work.pending.push_back(name);
    }
  }
  return work;
}

}  // namespace labkit
