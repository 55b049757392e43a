#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>

namespace labkit {

namespace {

// Far more than any project has (the Linux kernel: about 90 000 files and
// folders), few enough to list: a git bomb's 10^7 paths, from a few small
// trees, would take gigabytes.
constexpr std::size_t kMaxCommittedEntries = 500'000;

struct TreeWalk {
  std::vector<CommittedFile> files;
  std::size_t entries = 0;
};

}  // namespace

std::vector<CommittedFile> committed_files(const Repo& repo, std::string& error) {
  const auto head = repo.head_commit();
  if (!head) return {};
  git_tree* raw = nullptr;
  if (git_commit_tree(&raw, head.get()) != 0) {
    error = git_error_text();
    return {};
  }
  GitTreePtr tree(raw);
  const auto collect = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto& walk = *static_cast<TreeWalk*>(payload);
    if (++walk.entries > kMaxCommittedEntries) return -1;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
    walk.files.push_back(
        {std::string(root) + git_tree_entry_name(entry), *git_tree_entry_id(entry), git_tree_entry_filemode(entry)});
    return 0;
  };
  TreeWalk walk;
  if (git_tree_walk(raw, GIT_TREEWALK_PRE, collect, &walk) != 0) {
    error = walk.entries > kMaxCommittedEntries
                ? fmt::format("HEAD holds more than {} files and folders, too many to read (a git bomb?)",
                              kMaxCommittedEntries)
                : git_error_text();
  }
  return std::move(walk.files);
}

std::optional<std::size_t> blob_size(const Repo& repo, const git_oid& id) {
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo.handle()) != 0) return std::nullopt;
  std::size_t size = 0;
  git_object_t type;
  const int code = git_odb_read_header(&size, &type, odb, &id);
  git_odb_free(odb);
  if (code != 0) return std::nullopt;
  return size;
}

std::optional<std::string> read_text_blob(const Repo& repo, const git_oid& id, std::size_t cap) {
  if (auto size = blob_size(repo, id); !size || *size > cap) return std::nullopt;
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo.handle(), &id) != 0) return std::nullopt;
  GitBlobPtr blob(raw);
  if (git_blob_is_binary(raw)) return std::nullopt;
  return std::string(static_cast<const char*>(git_blob_rawcontent(raw)),
                     static_cast<std::size_t>(git_blob_rawsize(raw)));
}

bool names_path(const std::string& pattern, const std::string& path) {
  std::string trimmed = pattern;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  for (std::size_t end = path.size(); end != std::string::npos && end > 0; end = path.rfind('/', end - 1)) {
    const std::string prefix = path.substr(0, end);
    if (prefix == trimmed || (is_glob(trimmed) && glob_match(trimmed, prefix))) return true;
    if (end == 0) break;
  }
  return false;
}

}  // namespace labkit

namespace labkit {

bool is_package_tree(const std::filesystem::path& folder) {
  const std::string name = folder.filename().string();
  if (name == "site-packages" || name == "dist-packages" || name == "node_modules") return true;
  std::error_code error;
  return std::filesystem::is_regular_file(folder / "pyvenv.cfg", error) ||
         std::filesystem::is_directory(folder / "conda-meta", error);
}

std::vector<std::string> own_files(const Repo& repo, std::string_view pattern) {
  git_index* raw = nullptr;
  GitIndexPtr index(git_repository_index(&raw, repo.handle()) == 0 ? raw : nullptr);
  // Committed: the file itself is in the index, or for a folder some file under it.
  const auto committed = [&](const std::string& relative) {
    if (!index) return false;
    if (!relative.ends_with('/')) return git_index_get_bypath(index.get(), relative.c_str(), 0) != nullptr;
    std::size_t at = 0;
    return git_index_find_prefix(&at, index.get(), relative.c_str()) == 0;
  };
  return glob_files(repo.root(), pattern, [&](const std::string& relative) {
    if (relative.ends_with('/') && is_package_tree((repo.root() / relative).parent_path())) return true;
    // The index first: it is in memory, while an ignore check reads the
    // .gitignore of every folder above the path.
    if (committed(relative)) return false;
    int ignored = 0;
    return git_ignore_path_is_ignored(&ignored, repo.handle(), relative.c_str()) == 0 && ignored;
  });
}

}  // namespace labkit
