#include <labs/repo/commit_graph.hpp>
#include <labs/repo/repo.hpp>

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <unordered_set>

namespace labkit {

namespace fs = std::filesystem;

std::string git_error_text() {
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown libgit2 error";
}

std::string hex_id(const git_oid& id) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &id);
  return text;
}

std::string short_id(const git_oid& id) { return hex_id(id).substr(0, 7); }

namespace {

/// Whether the nearest .git at or above `start` belongs to another user.
/// libgit2 1.5.1 reports its ownership refusal as GIT_ENOTFOUND ("config value
/// 'safe.directory' was not found") rather than GIT_EOWNER, so look for it.
bool owned_by_another_user(const fs::path& start, bool search_upwards) {
  std::error_code error;
  for (fs::path dir = fs::absolute(start, error); !dir.empty(); dir = dir.parent_path()) {
    struct stat info {};
    if (::stat((dir / ".git").c_str(), &info) == 0) return info.st_uid != ::geteuid();
    if (!search_upwards || dir == dir.root_path()) break;
  }
  return false;
}

std::string open_problem(int code, const fs::path& start, bool search_upwards) {
  const std::string where = start.string();
  if (code == GIT_ENOTFOUND && owned_by_another_user(start, search_upwards)) code = GIT_EOWNER;
  switch (code) {
    case GIT_ENOTFOUND:
      return search_upwards ? fmt::format(
                                  "not a git repository: no .git in {} or any folder above it.\n"
                                  "  Start one with `git init` (or `git clone URL`), or name it with --repo PATH.",
                                  where)
                            : fmt::format(
                                  "not a git repository: {} has no .git.\n"
                                  "  Start one there with `git init`, or pass the repository's top folder to --repo.",
                                  where);
    case GIT_EOWNER:
      return fmt::format(
          "the repository at {} belongs to another user, and git refuses to read such repositories "
          "(the 'dubious ownership' safety check, common with Docker bind mounts and CI caches).\n"
          "  If you trust it: git config --global --add safe.directory '{}'",
          where, where);
    default:
      return fmt::format("cannot open the repository at {}: {}", where, git_error_text());
  }
}

/// The commits a shallow clone was cut at (`.git/shallow`, one hex id a line).
std::unordered_set<std::string> shallow_boundary(git_repository* repo) {
  std::unordered_set<std::string> boundary;
  std::ifstream in(fs::path(git_repository_path(repo)) / "shallow");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) boundary.insert(line.substr(0, GIT_OID_HEXSZ));
  }
  return boundary;
}

/// The git folder a work tree's `.git` entry names: the folder itself, or
/// the target of a `gitdir:` file (worktrees, submodules).
fs::path git_folder_named_by(const fs::path& root) {
  const fs::path entry = root / ".git";
  std::error_code error;
  if (fs::is_directory(entry, error)) return fs::canonical(entry, error);
  std::ifstream file(entry);
  std::string line;
  if (!std::getline(file, line) || !line.starts_with("gitdir: ")) return {};
  fs::path target = line.substr(8);
  if (target.is_relative()) target = root / target;
  return fs::canonical(target, error);
}

/// A work tree elsewhere than the folder holding `.git` (core.worktree in
/// the repository's config) would point every file check, and labs' own
/// writes, at a folder of the repository's choosing.
std::string foreign_work_tree(git_repository* repo, const fs::path& root) {
  std::error_code error;
  const fs::path git_folder = fs::canonical(git_repository_path(repo), error);
  if (!error && git_folder_named_by(root) == git_folder) return "";
  return fmt::format(
      "{}config sets core.worktree, so its work tree would be {}, not the folder that holds .git.\n"
      "  labs checks only the folder around .git; remove the setting: git config --unset core.worktree",
      git_repository_path(repo), root.string());
}

}  // namespace

Repo::OpenResult Repo::open(const fs::path& start, bool search_upwards) {
  git_libgit2_init();
  git_repository* raw = nullptr;
  const unsigned flags = search_upwards ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH;
  const int code = git_repository_open_ext(&raw, start.c_str(), flags, nullptr);
  GitRepositoryPtr repo(raw);
  if (code != 0) {
    git_libgit2_shutdown();
    return {nullptr, open_problem(code, start, search_upwards)};
  }
  if (git_repository_is_bare(raw)) {
    git_libgit2_shutdown();
    return {nullptr, fmt::format("{} is a bare repository: it has no working tree to check.\n"
                                 "  Clone it and run labs in the clone: git clone '{}' work && cd work",
                                 git_repository_path(raw), git_repository_path(raw))};
  }
  std::error_code error;
  fs::path root = fs::canonical(git_repository_workdir(raw), error);
  if (error) root = git_repository_workdir(raw);
  if (std::string problem = foreign_work_tree(raw, root); !problem.empty()) {
    repo.reset();
    git_libgit2_shutdown();
    return {nullptr, std::move(problem)};
  }
  return {std::unique_ptr<Repo>(new Repo(std::move(repo), std::move(root))), ""};
}

Repo::Repo(GitRepositoryPtr repo, fs::path root) : m_repo(std::move(repo)), m_root(std::move(root)) {}

Repo::~Repo() {
  m_repo.reset();
  git_libgit2_shutdown();
}

bool Repo::has_commits() const { return git_repository_head_unborn(handle()) == 0 && head_commit() != nullptr; }

std::string Repo::damaged_head() const {
  if (git_repository_head_unborn(handle()) != 0) return "";
  git_object* object = nullptr;
  if (git_revparse_single(&object, handle(), "HEAD^{commit}") == 0) {
    git_object_free(object);
    return "";
  }
  return git_error_text();
}

bool Repo::is_shallow() const { return git_repository_is_shallow(handle()) == 1; }

bool Repo::push_start(git_revwalk* walk) const {
  return (m_judged ? git_revwalk_push(walk, &*m_judged) : git_revwalk_push_head(walk)) == 0;
}

GitCommitPtr Repo::head_commit() const {
  if (m_judged) {
    git_commit* commit = nullptr;
    return git_commit_lookup(&commit, handle(), &*m_judged) == 0 ? GitCommitPtr(commit) : nullptr;
  }
  git_object* object = nullptr;
  if (git_revparse_single(&object, handle(), "HEAD^{commit}") != 0) return nullptr;
  return GitCommitPtr(reinterpret_cast<git_commit*>(object));
}

std::string Repo::head_id() const {
  const auto commit = head_commit();
  return commit ? hex_id(*git_commit_id(commit.get())) : "";
}

std::string Repo::branch() const {
  git_reference* head = nullptr;
  if (git_repository_head(&head, handle()) != 0) return "";
  GitReferencePtr owned(head);
  return git_reference_is_branch(head) ? git_reference_shorthand(head) : "";
}

HistoryWalk Repo::walk_shallow(const std::function<bool(git_commit&)>& visit) const {
  // libgit2 1.5 cannot walk past a shallow boundary (its revwalk fails on the
  // missing parent), so walk by hand and stop at the commits .git/shallow names.
  HistoryWalk walk;
  const auto boundary = shallow_boundary(handle());
  auto head = head_commit();
  if (!head) return walk;
  std::deque<git_oid> queue{*git_commit_id(head.get())};
  std::unordered_set<std::string> seen{hex_id(queue.front())};
  while (!queue.empty()) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, handle(), &queue.front()) != 0) {
      walk.error = git_error_text();
      return walk;
    }
    GitCommitPtr commit(raw);
    queue.pop_front();
    ++walk.visited;
    if (!visit(*commit)) return walk;
    if (boundary.count(hex_id(*git_commit_id(raw)))) {
      walk.truncated = true;
      continue;
    }
    for (unsigned i = 0; i < git_commit_parentcount(raw); ++i) {
      const git_oid* parent = git_commit_parent_id(raw, i);
      if (seen.insert(hex_id(*parent)).second) queue.push_back(*parent);
    }
  }
  return walk;
}

HistoryWalk Repo::walk_history(const std::function<bool(git_commit&)>& visit) const {
  if (is_shallow()) return walk_shallow(visit);
  HistoryWalk walk;
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, handle()) != 0) return {0, false, git_error_text()};
  GitRevwalkPtr walker(raw);
  if (!push_start(raw)) return walk;  // no commit yet
  git_oid id;
  int code;
  while ((code = git_revwalk_next(&id, raw)) == 0) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, handle(), &id) != 0) return {walk.visited, false, git_error_text()};
    GitCommitPtr owned(commit);
    ++walk.visited;
    if (!visit(*commit)) return walk;
  }
  if (code != GIT_ITEROVER) walk.error = git_error_text();
  return walk;
}

HistoryWalk Repo::count_history() const {
  if (is_shallow()) return walk_shallow([](git_commit&) { return true; });
  const auto graph = CommitGraph::open(fs::path(git_repository_commondir(handle())) / "objects");
  if (graph) {
    if (auto counted = count_with_graph(*graph)) return *counted;
  }
  // No usable commit-graph: let libgit2 stream the walk without sorting.
  HistoryWalk walk;
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, handle()) != 0) return {0, false, git_error_text()};
  GitRevwalkPtr walker(raw);
  if (!push_start(raw)) return walk;
  git_oid id;
  int code;
  while ((code = git_revwalk_next(&id, raw)) == 0) ++walk.visited;
  if (code != GIT_ITEROVER) walk.error = git_error_text();
  return walk;
}

std::optional<HistoryWalk> Repo::count_with_graph(const CommitGraph& graph) const {
  const auto head = head_commit();
  if (!head) return HistoryWalk{};
  // Commits newer than the graph are parsed by libgit2 until the walk reaches
  // commits the graph holds; from there on it follows parent indices.
  std::vector<bool> seen(graph.size());
  std::unordered_set<std::string> seen_outside;
  std::vector<std::uint32_t> in_graph;
  std::vector<git_oid> outside;
  const auto push = [&](const git_oid& id) {
    if (auto position = graph.find(id)) {
      if (!seen[*position]) seen[*position] = true, in_graph.push_back(*position);
    } else if (seen_outside.insert(hex_id(id)).second) {
      outside.push_back(id);
    }
  };
  push(*git_commit_id(head.get()));
  while (!in_graph.empty() || !outside.empty()) {
    if (!in_graph.empty()) {
      const std::uint32_t position = in_graph.back();
      in_graph.pop_back();
      const bool ok = graph.for_each_parent(position, [&](std::uint32_t parent) {
        if (!seen[parent]) seen[parent] = true, in_graph.push_back(parent);
      });
      if (!ok) return std::nullopt;  // a malformed graph: fall back to libgit2
      continue;
    }
    const git_oid id = outside.back();
    outside.pop_back();
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, handle(), &id) != 0) return std::nullopt;
    GitCommitPtr commit(raw);
    for (unsigned i = 0; i < git_commit_parentcount(raw); ++i) push(*git_commit_parent_id(raw, i));
  }
  HistoryWalk walk;
  walk.visited = seen_outside.size() + static_cast<std::size_t>(std::count(seen.begin(), seen.end(), true));
  return walk;
}

}  // namespace labkit
