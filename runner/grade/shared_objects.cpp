#include <labs/grade/shared_objects.hpp>
#include <labs/repo/git_ptr.hpp>

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

namespace labkit::grade {

namespace fs = std::filesystem;

namespace {

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

/// One file into place: a hard link, else a copy under a temporary name
/// renamed over. An existing file of that name is the same object: kept.
std::string share_file(const fs::path& from, const fs::path& to) {
  struct stat info {};
  if (::lstat(from.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return "";  // not a plain file: not shared
  if (::access(to.c_str(), F_OK) == 0) return "";
  if (::link(from.c_str(), to.c_str()) == 0 || errno == EEXIST) return "";
  const fs::path partial = fs::path(to) += ".labs-partial";
  std::error_code error;
  fs::copy_file(from, partial, fs::copy_options::overwrite_existing, error);
  if (!error) fs::rename(partial, to, error);
  if (error) {
    fs::remove(partial, error);
    return fmt::format("cannot copy {}: {}", from.filename().string(), error.message());
  }
  return "";
}

}  // namespace

std::string share_objects(const fs::path& from_objects, const fs::path& to_objects) {
  std::error_code error;
  // Packs: every .pack before any .idx, since an index makes a pack visible.
  std::vector<fs::path> packs, indexes;
  for (fs::directory_iterator it(from_objects / "pack", error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("pack-") && name.ends_with(".pack")) packs.push_back(it->path());
    if (name.starts_with("pack-") && name.ends_with(".idx")) indexes.push_back(it->path());
  }
  if (error && error != std::errc::no_such_file_or_directory)
    return fmt::format("cannot list {}: {}", (from_objects / "pack").string(), error.message());
  error.clear();
  fs::create_directories(to_objects / "pack", error);
  if (error) return fmt::format("cannot make {}: {}", (to_objects / "pack").string(), error.message());
  for (const auto& list : {packs, indexes}) {
    for (const auto& file : list) {
      if (std::string problem = share_file(file, to_objects / "pack" / file.filename()); !problem.empty())
        return problem;
    }
  }
  // Loose objects: xx/38 hex digits.
  for (fs::directory_iterator it(from_objects, error), end; !error && it != end; it.increment(error)) {
    const std::string fan = it->path().filename().string();
    if (fan.size() != 2 || !is_hex(fan) || !it->is_directory(error) || it->is_symlink(error)) continue;
    std::error_code inner_error;
    for (fs::directory_iterator object(it->path(), inner_error), none; !inner_error && object != none;
         object.increment(inner_error)) {
      const std::string name = object->path().filename().string();
      if (name.size() != GIT_OID_HEXSZ - 2 || !is_hex(name)) continue;
      fs::create_directories(to_objects / fan, inner_error);
      if (std::string problem = share_file(object->path(), to_objects / fan / name); !problem.empty()) return problem;
    }
  }
  if (error) return fmt::format("cannot list {}: {}", from_objects.string(), error.message());
  return "";
}

namespace {

using GitReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;

/// Direct branches and tags of `repo`, by name.
std::vector<std::pair<std::string, git_oid>> branches_and_tags(git_repository* repo, std::string& problem) {
  std::vector<std::pair<std::string, git_oid>> found;
  for (const char* glob : {"refs/heads/*", "refs/tags/*"}) {
    git_reference_iterator* raw = nullptr;
    if (git_reference_iterator_glob_new(&raw, repo, glob) < 0) {
      problem = fmt::format("cannot list {}: {}", glob, git_error_text());
      return found;
    }
    const GitReferenceIteratorPtr iterator(raw);
    for (git_reference* ref = nullptr; git_reference_next(&ref, iterator.get()) == 0;) {
      if (const git_oid* target = git_reference_target(ref)) found.emplace_back(git_reference_name(ref), *target);
      git_reference_free(ref);
    }
  }
  return found;
}

}  // namespace

std::string copy_refs(git_repository* from, git_repository* to, bool prune, std::string& default_branch) {
  std::string problem;
  const auto wanted = branches_and_tags(from, problem);
  if (!problem.empty()) return problem;
  std::set<std::string> names;
  for (const auto& [name, target] : wanted) {
    names.insert(name);
    git_reference* made = nullptr;
    if (git_reference_create(&made, to, name.c_str(), &target, 1, "labs grade: from the source") < 0)
      return fmt::format("cannot set {}: {}", name, git_error_text());
    git_reference_free(made);
  }
  if (prune) {
    for (const auto& [name, target] : branches_and_tags(to, problem)) {
      if (names.contains(name)) continue;
      git_reference* gone = nullptr;
      if (git_reference_lookup(&gone, to, name.c_str()) == 0) {
        git_reference_delete(gone);
        git_reference_free(gone);
      }
    }
    if (!problem.empty()) return problem;
  }
  default_branch.clear();
  git_reference* head = nullptr;
  if (git_reference_lookup(&head, from, "HEAD") == 0) {
    const char* target = git_reference_symbolic_target(head);
    const std::string_view prefix = "refs/heads/";
    if (target && std::string_view(target).starts_with(prefix)) default_branch = target + prefix.size();
    git_reference_free(head);
  }
  return "";
}

fs::path objects_folder(git_repository* repo) { return fs::path(git_repository_commondir(repo)) / "objects"; }

}  // namespace labkit::grade
