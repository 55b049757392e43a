#pragma once
// What a learner's repository is checked for before labs grade fetches it or
// checks it out. libgit2 reads a whole object into memory to copy it between
// local repositories and to check it out, so one 4 GiB blob (a few MB of
// .git) or a git bomb (10^7 files made of a few small trees) would take the
// whole grading batch down; and a local folder's git data may lead to
// another learner's repository. Refused, such a learner costs one row.

#include <labs/grade/grade.hpp>

#include <git2.h>

#include <filesystem>
#include <string>

namespace labkit::grade {

/// Why copying `repo`'s objects is unsafe: an object reachable from one of
/// its refs (HEAD, branches, tags, notes…: a local fetch sends them all) is
/// larger than `limits.max_blob_bytes`; "" when none is. Sizes come from
/// object headers, and each object is looked at once.
[[nodiscard]] std::string history_size_problem(git_repository* repo, const Limits& limits);

/// Why checking `commit` out is unsafe: more than `max_repo_files` files and
/// folders, more than `max_repo_bytes` in all, a file over `max_blob_bytes`,
/// or folders nested deeper than any project; "" when none. A folder that
/// appears many times is read once, and the count stops at the first limit
/// passed.
[[nodiscard]] std::string tree_size_problem(git_repository* repo, const git_oid& commit, const Limits& limits);

/// Why a local submission folder cannot be graded as this learner's: its
/// `.git` is a file or symlink leading outside the folder, or its git data
/// is taken from outside (commondir, objects/info/alternates, a symlink in
/// the git folder); "" when everything stays inside.
[[nodiscard]] std::string indirection_problem(const std::filesystem::path& folder);

}  // namespace labkit::grade
