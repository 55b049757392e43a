#pragma once

#include <labs/repo/repo.hpp>

#include <cstddef>
#include <filesystem>
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

/// Whether a folder holds installed packages rather than the learner's code:
/// a virtualenv (`pyvenv.cfg`), a conda environment (`conda-meta/`),
/// `site-packages`, `dist-packages` or `node_modules`.
bool is_package_tree(const std::filesystem::path& folder);

/// The learner's own files matching a glob: those committed (even where
/// .gitignore now names them) and those not yet committed that git does not
/// ignore — never a file of a package tree (is_package_tree), committed or
/// not, whose thousands of modules are neither walked nor matched.
std::vector<std::string> own_files(const Repo& repo, std::string_view pattern);

}  // namespace labkit
