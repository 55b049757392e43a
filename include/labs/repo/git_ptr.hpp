#pragma once

#include <git2.h>

#include <memory>
#include <string>

namespace labkit {

template <typename T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* object) const { Free(object); }
};

/// Owning pointers for libgit2 objects, so every path frees what it looked up.
template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitFree<T, Free>>;

using GitRepositoryPtr = GitPtr<git_repository, git_repository_free>;
using GitCommitPtr = GitPtr<git_commit, git_commit_free>;
using GitTreePtr = GitPtr<git_tree, git_tree_free>;
using GitTreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using GitBlobPtr = GitPtr<git_blob, git_blob_free>;
using GitObjectPtr = GitPtr<git_object, git_object_free>;
using GitReferencePtr = GitPtr<git_reference, git_reference_free>;
using GitRevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;
using GitStatusListPtr = GitPtr<git_status_list, git_status_list_free>;
using GitIndexPtr = GitPtr<git_index, git_index_free>;
using GitBranchIteratorPtr = GitPtr<git_branch_iterator, git_branch_iterator_free>;
using GitRemotePtr = GitPtr<git_remote, git_remote_free>;

/// The message of the last libgit2 error on this thread.
std::string git_error_text();

/// The full 40-character hex form of an object id.
std::string hex_id(const git_oid& id);

/// "abc1234" from a full object id.
std::string short_id(const git_oid& id);

}  // namespace labkit
