#pragma once

#include <labs/repo/repo.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// A file committed at HEAD.
struct CommittedFile {
  std::string path;
  git_oid id;
  git_filemode_t mode;
};

/// Every file of HEAD's tree (blobs and symlinks; not submodules). Empty when
/// there is no commit; `error` is set when the tree cannot be read or holds
/// more than 500 000 files and folders.
std::vector<CommittedFile> committed_files(const Repo& repo, std::string& error);

/// The size of a blob, read from the object header without loading it.
std::optional<std::size_t> blob_size(const Repo& repo, const git_oid& id);

/// A blob's bytes when it is text and at most `cap` bytes; nullopt otherwise.
std::optional<std::string> read_text_blob(const Repo& repo, const git_oid& id, std::size_t cap);

/// Whether `pattern` names `path`: a glob or exact path matching the path or
/// one of its parent folders, as .gitignore patterns do (`mlruns` names
/// `mlruns/0/meta.yaml`).
bool names_path(const std::string& pattern, const std::string& path);

}  // namespace labkit

namespace labkit {

/// The learner's own files matching a glob: glob_files without what git
/// ignores (a virtualenv's thousands of modules, caches, data), which is
/// neither walked nor matched.
std::vector<std::string> own_files(const Repo& repo, std::string_view pattern);

}  // namespace labkit
