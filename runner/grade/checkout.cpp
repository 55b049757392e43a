// A learner's repository for grading: fetched into a bare mirror (the cache),
// the commit to grade chosen against the deadline, and a scratch repository
// made from the mirror with that commit checked out. Learner code only ever
// runs in the scratch copy, which holds no other learner's files and no
// commit after the deadline.
#include <labs/grade/grade.hpp>
#include <labs/grade/repo_limits.hpp>
#include <labs/grade/shared_objects.hpp>
#include <labs/repo/git_ptr.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <ctime>

namespace labkit::grade {

namespace fs = std::filesystem;

namespace {

using GitReferenceIteratorPtr = GitPtr<git_reference_iterator, git_reference_iterator_free>;

constexpr long long kFutureSlack = 300;  // seconds of clock skew tolerated
constexpr int kOrderScanLimit = 10000;

struct GitFailure {
  std::string message;
};

void check(int code, const char* what) {
  if (code < 0) throw GitFailure{fmt::format("{}: {}", what, git_error_text())};
}

std::string cache_name(const RosterEntry& entry) {
  git_oid id{};
  git_odb_hash(&id, entry.repo.data(), entry.repo.size(), GIT_OBJECT_BLOB);
  return file_key(entry.student) + "-" + hex_id(id).substr(0, 12) + ".git";
}

/// Held while a mirror is fetched, so that grading runs sharing a cache take
/// turns. Once it is held, a git lock file in the mirror (refs/heads/main.lock,
/// packed-refs.lock…) can only be the leftover of a run killed mid-fetch —
/// SIGKILL leaves them — and would make every later fetch fail, so it goes.
class MirrorLock {
 public:
  explicit MirrorLock(const fs::path& mirror)
      : m_fd(::open((mirror.string() + ".labs-lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (m_fd >= 0 && ::flock(m_fd, LOCK_EX) == 0) remove_stale_git_locks(mirror);
  }
  ~MirrorLock() {
    if (m_fd >= 0) ::close(m_fd);
  }
  MirrorLock(const MirrorLock&) = delete;
  MirrorLock& operator=(const MirrorLock&) = delete;

 private:
  static void remove_stale_git_locks(const fs::path& mirror) {
    std::error_code error;
    for (const fs::path& top : {mirror, mirror / "refs"}) {
      fs::recursive_directory_iterator entries(top, error), end;
      for (; !error && entries != end; entries.increment(error)) {
        if (top == mirror) entries.disable_recursion_pending();  // the top files only; refs/ whole
        std::error_code ignored;
        if (entries->path().extension() == ".lock" && entries->is_regular_file(ignored))
          fs::remove(entries->path(), ignored);
      }
      error.clear();
    }
  }

  int m_fd;
};

/// A remote kept in memory only, without insteadOf rewriting: Debian's
/// libgit2 1.5 leaks PCRE2 match data (about 20 KB) on every regex lookup in
/// the config, which naming a remote or rewriting its URL does — a grader
/// that fetches thousands of repositories would grow without bound.
GitRemotePtr in_memory_remote(git_repository* repo, const std::string& url, const char* name = nullptr) {
  git_remote_create_options options = GIT_REMOTE_CREATE_OPTIONS_INIT;
  options.repository = repo;
  options.name = name;
  options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
  git_remote* raw = nullptr;
  check(git_remote_create_with_opts(&raw, url.c_str(), &options), "remote");
  return GitRemotePtr(raw);
}

/// Brings the mirror up to date: every branch and tag, deleted ones pruned;
/// returns the remote's default branch ("" when it has none).
std::string fetch_mirror(git_repository* mirror, const std::string& url) {
  const GitRemotePtr remote = in_memory_remote(mirror, url);
  const char* refspecs[] = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
  const git_strarray specs{const_cast<char**>(refspecs), 2};
  git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
  check(git_remote_connect(remote.get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr), "connect");
  git_buf head = GIT_BUF_INIT;
  std::string default_branch;
  if (git_remote_default_branch(&head, remote.get()) == 0) default_branch = std::string(head.ptr, head.size);
  git_buf_dispose(&head);
  git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
  options.prune = GIT_FETCH_PRUNE;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;  // the refspec fetches them all
  check(git_remote_download(remote.get(), &specs, &options), "fetch");
  check(git_remote_update_tips(remote.get(), &callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, nullptr), "fetch");
  check(git_remote_prune(remote.get(), &callbacks), "fetch");
  git_remote_disconnect(remote.get());
  const std::string prefix = "refs/heads/";
  return default_branch.rfind(prefix, 0) == 0 ? default_branch.substr(prefix.size()) : "";
}

/// Brings the mirror of a local repository up to date as `git clone --local`
/// would: its objects shared (hard links), its branches and tags copied,
/// deleted ones pruned; returns its default branch.
std::string mirror_local_source(git_repository* mirror, const fs::path& folder) {
  git_repository* raw = nullptr;
  check(git_repository_open_ext(&raw, folder.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr), "open");
  const GitRepositoryPtr source(raw);
  if (std::string problem = share_objects(objects_folder(source.get()), objects_folder(mirror)); !problem.empty())
    throw GitFailure{"fetch: " + problem};
  std::string default_branch;
  if (std::string problem = copy_refs(source.get(), mirror, true, default_branch); !problem.empty())
    throw GitFailure{"fetch: " + problem};
  return default_branch;
}

GitRepositoryPtr open_mirror(const fs::path& path) {
  git_repository* raw = nullptr;
  if (git_repository_open_bare(&raw, path.c_str()) < 0) {
    std::error_code ignored;
    fs::remove_all(path, ignored);  // a half-made mirror from an interrupted run
    check(git_repository_init(&raw, path.c_str(), 1), "cache");
  }
  return GitRepositoryPtr(raw);
}

GitCommitPtr lookup_commit(git_repository* repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &id), "commit");
  return GitCommitPtr(raw);
}

/// The commit `git log --first-parent --before=DEADLINE -1` shows: the
/// first on the line of first parents from `tip` whose committer date is at
/// or before the deadline. Equal dates keep the line's order (the later
/// commit of the line wins), and a tip dated before a deadline it was made
/// after is taken, as git takes it; date_flags names such histories.
std::optional<git_oid> last_commit_before(git_repository* repo, const git_oid& tip, std::optional<long long> deadline) {
  if (!deadline) return tip;
  GitCommitPtr commit = lookup_commit(repo, tip);
  while (git_commit_time(commit.get()) > *deadline) {
    if (git_commit_parentcount(commit.get()) == 0) return std::nullopt;
    git_commit* parent = nullptr;
    check(git_commit_parent(&parent, commit.get(), 0), "history");
    commit.reset(parent);
  }
  return *git_commit_id(commit.get());
}

/// The ref to grade: a branch, a tag or any revision; "" = the default branch.
std::optional<std::pair<std::string, git_oid>> resolve_ref(git_repository* repo, const std::string& ref) {
  for (const std::string& name : {"refs/heads/" + ref, "refs/tags/" + ref}) {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo, (name + "^{commit}").c_str()) == 0) {
      GitObjectPtr object(raw);
      return std::pair{name, *git_object_id(object.get())};
    }
  }
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo, (ref + "^{commit}").c_str()) != 0) return std::nullopt;
  GitObjectPtr object(raw);
  return std::pair{std::string(), *git_object_id(object.get())};
}

std::vector<std::string> date_flags(git_repository* repo, const git_oid& graded) {
  std::vector<std::string> flags;
  auto commit = lookup_commit(repo, graded);
  const long long now = std::time(nullptr);
  const long long author = git_commit_author(commit.get())->when.time;
  if (std::max<long long>(author, git_commit_time(commit.get())) > now + kFutureSlack) {
    flags.push_back(fmt::format("dated in the future ({})",
                                format_time(std::max<long long>(author, git_commit_time(commit.get())))));
  }
  // Along the first parents: a commit dated before its parent was made with a
  // wrong clock or a rewritten date.
  for (int scanned = 0; scanned < kOrderScanLimit && git_commit_parentcount(commit.get()) > 0; ++scanned) {
    auto parent = lookup_commit(repo, *git_commit_parent_id(commit.get(), 0));
    if (git_commit_time(commit.get()) < git_commit_time(parent.get())) {
      flags.push_back(fmt::format("dates out of order ({} is dated before its parent {})",
                                  short_id(*git_commit_id(commit.get())), short_id(*git_commit_id(parent.get()))));
      break;
    }
    commit = std::move(parent);
  }
  return flags;
}

/// A fresh repository at `scratch` with the learner's branches, each cut at
/// the deadline, and the graded commit checked out.
void build_scratch(const fs::path& mirror_path, const RosterEntry& entry, const std::string& graded_ref,
                   const git_oid& graded, std::optional<long long> deadline, const fs::path& scratch) {
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  git_repository* raw = nullptr;
  git_repository_init_options init = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  init.flags = GIT_REPOSITORY_INIT_MKPATH;
  init.initial_head = "labs-grading";
  check(git_repository_init_ext(&raw, scratch.c_str(), &init), "scratch");
  GitRepositoryPtr repo(raw);
  // The mirror's objects (hard links) and its branches and tags.
  git_repository* mirror_raw = nullptr;
  check(git_repository_open_bare(&mirror_raw, mirror_path.c_str()), "scratch");
  const GitRepositoryPtr mirror(mirror_raw);
  if (std::string problem = share_objects(objects_folder(mirror.get()), objects_folder(repo.get())); !problem.empty())
    throw GitFailure{"scratch: " + problem};
  std::string ignored_default;
  if (std::string problem = copy_refs(mirror.get(), repo.get(), false, ignored_default); !problem.empty())
    throw GitFailure{"scratch: " + problem};
  // Branches past the deadline are cut back to it, or dropped.
  git_reference_iterator* iterator_raw = nullptr;
  check(git_reference_iterator_glob_new(&iterator_raw, repo.get(), "refs/heads/*"), "scratch");
  GitReferenceIteratorPtr iterator(iterator_raw);
  std::vector<std::string> branches;
  for (git_reference* ref = nullptr; git_reference_next(&ref, iterator.get()) == 0;) {
    branches.emplace_back(git_reference_name(ref));
    git_reference_free(ref);
  }
  for (const auto& name : branches) {
    git_reference* ref = nullptr;
    if (git_reference_lookup(&ref, repo.get(), name.c_str()) < 0) continue;
    GitReferencePtr branch(ref);
    const git_oid* tip = git_reference_target(branch.get());
    if (name == graded_ref || !tip) continue;
    const auto cut = last_commit_before(repo.get(), *tip, deadline);
    if (!cut) {
      git_reference_delete(branch.get());
    } else if (git_oid_cmp(&*cut, tip) != 0) {
      git_reference* moved = nullptr;
      check(git_reference_set_target(&moved, branch.get(), &*cut, "labs grade: cut at the deadline"), "scratch");
      git_reference_free(moved);
    }
  }
  in_memory_remote(repo.get(), entry.repo, "origin");  // named: written to the config, as a clone has it
  if (graded_ref.rfind("refs/heads/", 0) == 0) {
    git_reference* moved = nullptr;
    check(git_reference_create(&moved, repo.get(), graded_ref.c_str(), &graded, 1, "labs grade: the graded commit"),
          "scratch");
    git_reference_free(moved);
    check(git_repository_set_head(repo.get(), graded_ref.c_str()), "scratch");
  } else {
    check(git_repository_set_head_detached(repo.get(), &graded), "scratch");
  }
  git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
  checkout.checkout_strategy = GIT_CHECKOUT_FORCE;
  check(git_checkout_head(repo.get(), &checkout), "checkout");
}

/// The folder of a source libgit2 opens in place: a path, or a file:// URL
/// (percent-escapes decoded, as libgit2 does); nullopt for a network URL.
std::optional<fs::path> local_folder(const std::string& repo) {
  const std::string_view scheme = "file://";
  if (repo.rfind(scheme, 0) != 0) {
    if (repo.find("://") != std::string::npos || repo.rfind("git@", 0) == 0) return std::nullopt;
    return fs::path(repo);
  }
  std::string_view rest = std::string_view(repo).substr(scheme.size());
  if (rest.rfind("localhost/", 0) == 0) rest.remove_prefix(std::string_view("localhost").size());
  std::string path;
  for (std::size_t at = 0; at < rest.size(); ++at) {
    unsigned char byte = 0;
    const char* digits = rest.data() + at + 1;
    if (rest[at] == '%' && at + 3 <= rest.size() && std::from_chars(digits, digits + 2, byte, 16).ptr == digits + 2) {
      path += static_cast<char>(byte);
      at += 2;
    } else {
      path += rest[at];
    }
  }
  return fs::path(path);
}

/// libgit2 refuses a repository that belongs to another user with "config
/// value 'safe.directory' was not found"; what that means and what to do,
/// or "" when the folder opens (or is no repository: the fetch says so).
std::string ownership_problem(const fs::path& folder) {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, folder.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
    git_repository_free(raw);
    return "";
  }
  if (git_error_text().find("safe.directory") == std::string::npos) return "";
  struct stat info {};
  const std::string owner = ::stat(folder.c_str(), &info) == 0 ? fmt::format(" (uid {})", info.st_uid) : "";
  return fmt::format(
      "{} belongs to another user{}, and git refuses to read other users' repositories (its 'dubious "
      "ownership' check); grade as that user, or if you trust it: git config --global --add safe.directory '{}'",
      folder.string(), owner, folder.string());
}

/// Why a local source may not be fetched: its git data leads outside its
/// folder, or an object is too large to copy; "" when it may.
std::string local_source_problem(const fs::path& folder, const Limits& limits) {
  if (std::string problem = indirection_problem(folder); !problem.empty()) return problem;
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, folder.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
    return "";  // not a repository: the fetch says so
  const GitRepositoryPtr source(raw);
  return history_size_problem(source.get(), limits);
}

}  // namespace

Checkout select_commit(const RosterEntry& entry, const fs::path& cache_dir, std::optional<long long> deadline,
                       const Limits& limits) {
  Checkout result;
  GitRepositoryPtr mirror;
  result.mirror = cache_dir / cache_name(entry);
  std::string default_branch;
  const auto folder = local_folder(entry.repo);
  if (std::error_code error; folder && !fs::exists(*folder, error)) {
    return {"clone-failed", fmt::format("{} does not exist", entry.repo)};
  }
  if (const std::string problem = folder ? ownership_problem(*folder) : ""; !problem.empty())
    return {"clone-failed", problem};
  try {
    // Checking out reads whole objects into memory: a local source is
    // measured before its objects are shared, any other once it is in the mirror.
    if (const std::string problem = folder ? local_source_problem(*folder, limits) : ""; !problem.empty())
      return {"refused", problem};
    fs::create_directories(cache_dir);
    const MirrorLock lock(result.mirror);
    mirror = open_mirror(result.mirror);
    default_branch = folder ? mirror_local_source(mirror.get(), *folder) : fetch_mirror(mirror.get(), entry.repo);
    if (const std::string problem = folder ? "" : history_size_problem(mirror.get(), limits); !problem.empty())
      return {"refused", problem};
  } catch (const GitFailure& failure) {
    return {"clone-failed", failure.message};
  } catch (const fs::filesystem_error& error) {
    return {"error", fmt::format("cache: {}", error.what())};
  }
  try {
    const std::string wanted = !entry.ref.empty() ? entry.ref : !default_branch.empty() ? default_branch : "main";
    const auto ref = resolve_ref(mirror.get(), wanted);
    if (!ref) {
      if (git_repository_is_empty(mirror.get()) == 1)
        return {"no-commit-before-deadline", "the repository has no commit"};
      return {"error", fmt::format("no branch, tag or commit '{}' in the repository", wanted)};
    }
    const auto graded = last_commit_before(mirror.get(), ref->second, deadline);
    if (!graded) {
      return {"no-commit-before-deadline",
              fmt::format("every commit on {} is after the deadline {}", wanted, format_time(*deadline))};
    }
    const auto commit = lookup_commit(mirror.get(), *graded);
    result.commit = hex_id(*graded);
    result.ref_name = ref->first;
    result.author_time = git_commit_author(commit.get())->when.time;
    result.commit_time = git_commit_time(commit.get());
    result.flags = date_flags(mirror.get(), *graded);
    if (std::string problem = tree_size_problem(mirror.get(), *graded, limits); !problem.empty()) {
      result.status = "refused";
      result.note = std::move(problem);
    }
  } catch (const GitFailure& failure) {
    result.status = "error";
    result.note = failure.message;
  }
  return result;
}

std::string make_scratch(const RosterEntry& entry, const Checkout& checkout, std::optional<long long> deadline,
                         const fs::path& scratch) {
  git_oid graded{};
  if (git_oid_fromstr(&graded, checkout.commit.c_str()) < 0) return "no commit to check out";
  try {
    build_scratch(checkout.mirror, entry, checkout.ref_name, graded, deadline, scratch);
  } catch (const GitFailure& failure) {
    return failure.message;
  }
  return "";
}

}  // namespace labkit::grade
