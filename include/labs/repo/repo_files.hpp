#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// A repo-relative path resolved for reading, or why it may not be read.
struct ResolvedPath {
  std::filesystem::path path;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Why a path from a lab file can never name a file inside the repository
/// (absolute, or climbing out with `..`); "" when its shape is fine.
[[nodiscard]] std::string path_shape_problem(std::string_view relative);

/// Resolves `relative` inside `root` (which must be canonical). An absolute
/// path, a `..` that climbs out, or a symlink whose target lies outside the
/// root is refused, so nothing outside the learner's repo is ever read.
ResolvedPath resolve_inside(const std::filesystem::path& root, std::string_view relative);

/// Reads at most `cap` bytes of a file; nullopt with `error` set on failure.
std::optional<std::string> read_text_file(const std::filesystem::path& path, std::size_t cap, std::string& error);

/// Reads a learner's file that resolve_inside checked. The path it gave has
/// no symlink left in it, and the file is opened refusing any (openat2 with
/// RESOLVE_NO_SYMLINKS): a folder swapped for a symlink between the check
/// and the read fails the read instead of leading outside the repository.
std::optional<std::string> read_text_file(const ResolvedPath& resolved, std::size_t cap, std::string& error);

/// A learner's file by repo-relative path (see resolve_inside), at most `cap`
/// bytes; nullopt when it is outside, absent or unreadable.
std::optional<std::string> read_repo_text(const std::filesystem::path& root, std::string_view relative,
                                          std::size_t cap);

/// Whether a pattern uses glob syntax: * ? [ ] { }.
bool is_glob(std::string_view pattern);

/// Matches a repo-relative path against a glob: `*` and `?` within one path
/// segment, `**` across segments, `[abc]` classes and `{a,b}` alternatives.
bool glob_match(std::string_view pattern, std::string_view path);

/// Says whether a repo-relative path (folders end in '/') is to be left out.
using PathFilter = std::function<bool(const std::string& relative)>;

/// Files (not directories) of the work tree matching a glob, sorted, as
/// repo-relative paths. `.git` is never entered, symlinks to directories are
/// not followed, and what `skip` names (e.g. git-ignored folders such as a
/// virtualenv) is not walked.
std::vector<std::string> glob_files(const std::filesystem::path& root, std::string_view pattern,
                                    const PathFilter& skip = {});

}  // namespace labkit
