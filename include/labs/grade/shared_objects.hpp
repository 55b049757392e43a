#pragma once
// Git objects shared between local repositories the way `git clone --local`
// shares them: the files of packs and loose objects hard-linked (copied
// across file systems), never repacked. libgit2's local fetch instead builds
// a new pack of every object in memory, which for a learner who committed a
// screen recording took seconds twice over (source → mirror → scratch).

#include <git2.h>

#include <filesystem>
#include <string>

namespace labkit::grade {

/// Gives `to_objects` every pack (.pack, then its .idx) and loose object of
/// `from_objects` it lacks: a hard link, or a copy when the two are on
/// different file systems or the kernel refuses the link. Regular files
/// only, never through a symlink; each appears whole (a copy is renamed into
/// place). "" when done, else why not.
std::string share_objects(const std::filesystem::path& from_objects, const std::filesystem::path& to_objects);

/// Makes the branches and tags of `to` those of `from` (same targets; their
/// objects must be in `to` already); with `prune`, branches and tags `from`
/// lacks are deleted. `default_branch` is `from`'s HEAD branch ("" when
/// detached or unborn). "" when done, else why not.
std::string copy_refs(git_repository* from, git_repository* to, bool prune, std::string& default_branch);

/// The objects folder of an open repository (of its common dir, for a worktree).
std::filesystem::path objects_folder(git_repository* repo);

}  // namespace labkit::grade
