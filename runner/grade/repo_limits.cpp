// A learner's repository measured before it is fetched or checked out (see
// repo_limits.hpp). git_odb_read_header reads a loose object's first bytes or
// a packed object's entry header, never the content, so a 4 GiB blob costs
// nothing to find; objects are only loaded once their size is known to fit.
#include <labs/grade/repo_limits.hpp>
#include <labs/repo/git_ptr.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>

#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace labkit::grade {

namespace fs = std::filesystem;

namespace {

using GitOdbPtr = GitPtr<git_odb, git_odb_free>;
using GitTagPtr = GitPtr<git_tag, git_tag_free>;
using GitReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;

// Deeper than any real project, and than a checkout could make within
// PATH_MAX; shallow enough for the recursive measure's stack.
constexpr int kMaxTreeDepth = 512;
constexpr std::size_t kMaxGitFileBytes = 64 << 10;  // a .git file, commondir, alternates
constexpr int kMaxAlternatesDepth = 5;              // how deep libgit2 follows alternates

std::string raw_key(const git_oid& id) { return {reinterpret_cast<const char*>(id.id), sizeof id.id}; }

std::string human_bytes(long long bytes) {
  static constexpr std::array<const char*, 5> kUnits{"bytes", "KiB", "MiB", "GiB", "TiB"};
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  for (; value >= 1024 && unit + 1 < kUnits.size(); ++unit) value /= 1024;
  std::string text = fmt::format("{:.1f}", value);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text + " " + kUnits.at(unit);
}

std::string too_large_object(const std::string& what, long long size, const Limits& limits) {
  return fmt::format("repository too large: {} is {}, over the {} limit on one object (--max-blob-size)", what,
                     human_bytes(size), human_bytes(limits.max_blob_bytes));
}

/// Object headers of one repository.
class Headers {
 public:
  explicit Headers(git_repository* repo) {
    git_odb* raw = nullptr;
    if (git_repository_odb(&raw, repo) == 0) m_odb.reset(raw);
  }
  /// nullopt when the object cannot be read: what copies or checks it out
  /// then fails on it and says why.
  [[nodiscard]] std::optional<std::pair<long long, git_object_t>> read(const git_oid& id) const {
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (!m_odb || git_odb_read_header(&size, &type, m_odb.get(), &id) != 0) return std::nullopt;
    return std::pair{static_cast<long long>(size), type};
  }

 private:
  GitOdbPtr m_odb;
};

/// The objects named by every ref, and by HEAD (a local fetch sends them all).
std::vector<std::pair<std::string, git_oid>> ref_tips(git_repository* repo) {
  std::vector<std::pair<std::string, git_oid>> tips;
  if (git_oid head{}; git_reference_name_to_id(&head, repo, "HEAD") == 0) tips.emplace_back("HEAD", head);
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_new(&raw, repo) < 0) return tips;
  const GitReferenceIteratorPtr refs(raw);
  for (git_reference* ref = nullptr; git_reference_next(&ref, refs.get()) == 0;) {
    const GitReferencePtr owned(ref);
    if (const git_oid* target = git_reference_target(ref)) tips.emplace_back(git_reference_name(ref), *target);
  }
  return tips;
}

/// Every object reachable from the refs, each looked at once; the first one
/// over the limit is the problem. Stacks, not recursion: a history can be
/// long and a tree deep.
class HistoryScan {
 public:
  HistoryScan(git_repository* repo, const Limits& limits) : m_repo(repo), m_headers(repo), m_limits(limits) {}

  std::string run() {
    for (const auto& [name, id] : ref_tips(m_repo)) {
      if (std::string problem = tip(id, name); !problem.empty()) return problem;
    }
    return commits();
  }

 private:
  /// The type of an object not seen before, if it fits; else nullopt, with
  /// `problem` set when it does not fit: "WHAT WHERE is …".
  std::optional<git_object_t> admit(const git_oid& id, std::string_view what, std::string_view where,
                                    std::string& problem) {
    if (!m_seen.insert(raw_key(id)).second) return std::nullopt;
    const auto header = m_headers.read(id);
    if (!header) return std::nullopt;
    if (header->first > m_limits.max_blob_bytes) {
      problem = too_large_object(fmt::format("{}{}{}", what, where.empty() ? "" : " ", where), header->first, m_limits);
      return std::nullopt;
    }
    return header->second;
  }

  /// A ref's object, through annotated tags.
  std::string tip(git_oid id, const std::string& name) {
    for (std::string problem;;) {
      const auto type = admit(id, name, "", problem);
      if (type == GIT_OBJECT_COMMIT) m_commits.push_back(id);
      if (type == GIT_OBJECT_TREE) return tree(id, fmt::format("in {}", name));
      if (type != GIT_OBJECT_TAG) return problem;
      git_tag* raw = nullptr;
      if (git_tag_lookup(&raw, m_repo, &id) < 0) return "";
      const GitTagPtr tag(raw);
      id = *git_tag_target_id(tag.get());
    }
  }

  std::string commits() {
    std::string problem;
    while (!m_commits.empty()) {
      const git_oid id = m_commits.back();
      m_commits.pop_back();
      git_commit* raw = nullptr;
      if (git_commit_lookup(&raw, m_repo, &id) < 0) continue;  // beyond a shallow clone's boundary
      const GitCommitPtr commit(raw);
      const std::string where = "commit " + short_id(id);
      const git_oid* root = git_commit_tree_id(commit.get());
      if (admit(*root, "the file list of", where, problem)) problem = tree(*root, fmt::format("in {}", where));
      for (unsigned i = 0; problem.empty() && i < git_commit_parentcount(commit.get()); ++i) {
        const git_oid* parent = git_commit_parent_id(commit.get(), i);
        if (admit(*parent, "a parent of", where, problem)) m_commits.push_back(*parent);
      }
      if (!problem.empty()) return problem;
    }
    return "";
  }

  /// The objects below `root` (itself already admitted); `where` ends the
  /// name of one too large ("in commit abc1234").
  std::string tree(const git_oid& root, const std::string& where) {
    std::vector<std::pair<git_oid, std::string>> pending{{root, ""}};
    std::string problem;
    while (!pending.empty()) {
      const auto [id, path] = std::move(pending.back());
      pending.pop_back();
      git_tree* raw = nullptr;
      if (git_tree_lookup(&raw, m_repo, &id) < 0) continue;
      const GitTreePtr tree(raw);
      for (std::size_t i = 0; i < git_tree_entrycount(raw); ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(raw, i);
        const git_object_t type = git_tree_entry_type(entry);
        if (type == GIT_OBJECT_COMMIT) continue;  // a submodule: not in this repository
        const std::string name = path + git_tree_entry_name(entry);
        if (admit(*git_tree_entry_id(entry), name, where, problem) == GIT_OBJECT_TREE)
          pending.emplace_back(*git_tree_entry_id(entry), name + "/");
        if (!problem.empty()) return problem;
      }
    }
    return "";
  }

  git_repository* m_repo;
  Headers m_headers;
  const Limits& m_limits;
  std::unordered_set<std::string> m_seen;
  std::vector<git_oid> m_commits;
};

/// Files and folders below a folder, and their bytes.
struct Totals {
  long long entries = 0, bytes = 0;
};

/// A checkout's size, counting every path as a checkout would make it, but
/// reading each distinct folder once: a git bomb's 10^7 files are 8 trees.
class TreeMeasure {
 public:
  TreeMeasure(git_repository* repo, const Limits& limits, std::string where)
      : m_repo(repo), m_headers(repo), m_limits(limits), m_where(std::move(where)) {}

  std::string run(const git_oid& root) {
    measure(root, "", {m_limits.max_repo_files, m_limits.max_repo_bytes}, 0);
    return m_problem;
  }

 private:
  /// nullopt, with m_problem set, as soon as `budget` or another limit is passed.
  std::optional<Totals> measure(const git_oid& id, const std::string& path, const Totals& budget, int depth) {
    if (const auto known = m_measured.find(raw_key(id)); known != m_measured.end()) return known->second;
    if (depth > kMaxTreeDepth) {
      return fail(fmt::format("repository too large: folders nested more than {} deep in {} ({})", kMaxTreeDepth,
                              m_where, path.substr(0, 200)));
    }
    const auto header = m_headers.read(id);
    if (header && header->first > m_limits.max_blob_bytes)
      return fail(too_large_object(fmt::format("the folder {} in {}", path.empty() ? "/" : path, m_where),
                                   header->first, m_limits));
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, m_repo, &id) < 0) return Totals{};  // the checkout fails on it and says why
    const GitTreePtr tree(raw);
    Totals total;
    for (std::size_t i = 0; i < git_tree_entrycount(raw); ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(raw, i);
      const std::string name = path + git_tree_entry_name(entry);
      ++total.entries;
      std::optional<Totals> below = Totals{};
      if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
        below = measure(*git_tree_entry_id(entry), name + "/",
                        {budget.entries - total.entries, budget.bytes - total.bytes}, depth + 1);
      else if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
        below = file(*git_tree_entry_id(entry), name);
      if (!below) return std::nullopt;
      total.entries += below->entries;
      total.bytes += below->bytes;
      if (total.entries > budget.entries) {
        return fail(fmt::format("repository too large: more than {} files and folders in {} (--max-repo-files)",
                                m_limits.max_repo_files, m_where));
      }
      if (total.bytes > budget.bytes) {
        return fail(fmt::format("repository too large: its files in {} hold more than {} (--max-repo-size)", m_where,
                                human_bytes(m_limits.max_repo_bytes)));
      }
    }
    m_measured.emplace(raw_key(id), total);
    return total;
  }

  /// A file's bytes (its own entry is counted by its folder).
  std::optional<Totals> file(const git_oid& id, const std::string& path) {
    const auto header = m_headers.read(id);
    if (!header) return Totals{};  // the checkout fails on it and says why
    if (header->first > m_limits.max_blob_bytes)
      return fail(too_large_object(path + " in " + m_where, header->first, m_limits));
    return Totals{0, header->first};
  }

  std::nullopt_t fail(std::string problem) {
    m_problem = std::move(problem);
    return std::nullopt;
  }

  git_repository* m_repo;
  Headers m_headers;
  const Limits& m_limits;
  std::string m_where;
  std::unordered_map<std::string, Totals> m_measured;
  std::string m_problem;
};

bool is_within(const fs::path& path, const fs::path& root) {
  const std::string& p = path.native();
  const std::string& r = root.native();
  return p == r || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 && (r.back() == '/' || p[r.size()] == '/'));
}

/// `target` (relative to `base` unless absolute) through every symlink; nullopt when it cannot be resolved.
std::optional<fs::path> resolved(const fs::path& target, const fs::path& base) {
  std::error_code error;
  fs::path real = fs::weakly_canonical(target.is_absolute() ? target : base / target, error);
  if (error) return std::nullopt;
  return real;
}

/// A problem when `target` leads outside `root`; unresolvable counts as outside.
std::string outside(const std::string& what, const fs::path& target, const fs::path& base, const fs::path& root) {
  if (const auto real = resolved(target, base); real && is_within(*real, root)) return "";
  return fmt::format(
      "repository outside its folder: {} {}, outside the submission folder (another repository would be graded "
      "under this learner's name)",
      what, target.string());
}

/// A small file of git's own (commondir, alternates, a .git file), through
/// symlinks as libgit2 reads it; nullopt when absent.
std::optional<std::string> git_file(const fs::path& file) {
  std::error_code error;
  const fs::path real = fs::canonical(file, error);
  if (error) return std::nullopt;
  std::string problem;
  return read_text_file(real, kMaxGitFileBytes, problem);
}

std::string trimmed(std::string_view text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  return std::string(text.substr(start, text.find_last_not_of(" \t\r\n") - start + 1));
}

std::string label(const fs::path& path, const fs::path& root) { return path.lexically_relative(root).string(); }

std::string symlink_problem(const fs::path& dir, const fs::path& root) {
  std::error_code error;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error), end;
  for (; !error && it != end; it.increment(error)) {
    std::error_code ignored;
    if (!it->is_symlink(ignored)) continue;
    const fs::path target = fs::read_symlink(it->path(), ignored);
    if (std::string problem =
            outside(label(it->path(), root) + " is a symlink to", target, it->path().parent_path(), root);
        !problem.empty())
      return problem;
  }
  return "";
}

/// objects/info/alternates lends another repository's objects. As libgit2
/// reads it: a path starting with '.' is relative to this objects folder (at
/// the first level only), any other relative path to the working folder.
std::string alternates_problem(const fs::path& objects, const fs::path& root, int depth) {
  const fs::path file = objects / "info" / "alternates";
  const auto text = git_file(file);
  if (!text) return "";
  std::size_t start = 0;
  for (std::size_t end; start < text->size(); start = end + 1) {
    end = std::min(text->find('\n', start), text->size());
    const std::string line = trimmed(std::string_view(*text).substr(start, end - start));
    if (line.empty() || line[0] == '#') continue;
    std::error_code ignored;
    const fs::path base = line[0] == '.' && depth == 0 ? objects : fs::current_path(ignored);
    if (std::string problem = outside(label(file, root) + " borrows objects from", line, base, root); !problem.empty())
      return problem;
    if (depth + 1 >= kMaxAlternatesDepth) continue;
    const fs::path alternate = resolved(line, base).value_or(fs::path());
    if (std::string problem = symlink_problem(alternate, root); !problem.empty()) return problem;
    if (std::string problem = alternates_problem(alternate, root, depth + 1); !problem.empty()) return problem;
  }
  return "";
}

/// The git folder: what commondir names shares its objects and refs.
std::string git_dir_problem(const fs::path& git_dir, const fs::path& root) {
  fs::path common = git_dir;
  if (const auto text = git_file(git_dir / "commondir")) {
    const std::string target = trimmed(*text);
    if (std::string problem = outside(label(git_dir / "commondir", root) + " points at", target, git_dir, root);
        !problem.empty())
      return problem;
    common = resolved(target, git_dir).value_or(git_dir);
  }
  if (std::string problem = symlink_problem(git_dir, root); !problem.empty()) return problem;
  if (common != git_dir) {
    if (std::string problem = symlink_problem(common, root); !problem.empty()) return problem;
  }
  return alternates_problem(common / "objects", root, 0);
}

}  // namespace

std::string history_size_problem(git_repository* repo, const Limits& limits) { return HistoryScan(repo, limits).run(); }

std::string tree_size_problem(git_repository* repo, const git_oid& commit, const Limits& limits) {
  const std::string where = "commit " + short_id(commit);
  const auto header = Headers(repo).read(commit);
  if (header && header->first > limits.max_blob_bytes) return too_large_object(where, header->first, limits);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &commit) < 0) return "";  // the checkout fails on it and says why
  const GitCommitPtr owned(raw);
  return TreeMeasure(repo, limits, where).run(*git_commit_tree_id(raw));
}

std::string indirection_problem(const fs::path& folder) {
  std::error_code error;
  const fs::path root = fs::canonical(folder, error);
  if (error) return "";  // not there: the fetch says so
  const fs::path dot_git = root / ".git";
  if (fs::is_symlink(fs::symlink_status(dot_git, error))) {
    const fs::path target = fs::read_symlink(dot_git, error);
    if (std::string problem = outside(".git is a symlink to", target, root, root); !problem.empty()) return problem;
  }
  if (fs::is_directory(dot_git, error)) return git_dir_problem(fs::canonical(dot_git, error), root);
  if (!fs::is_regular_file(dot_git, error)) {
    // A bare repository, or no repository at all (the fetch says so).
    return fs::exists(root / "HEAD", error) ? git_dir_problem(root, root) : "";
  }
  // "gitdir: PATH", as `git worktree add` and `git clone --separate-git-dir` write it.
  const std::string text = trimmed(git_file(dot_git).value_or(""));
  if (text.rfind("gitdir:", 0) != 0) return "";  // not a repository: the fetch says so
  const fs::path target = trimmed(std::string_view(text).substr(std::string_view("gitdir:").size()));
  if (std::string problem = outside(".git is a file pointing at", target, root, root); !problem.empty()) return problem;
  return git_dir_problem(resolved(target, root).value_or(root), root);
}

}  // namespace labkit::grade
