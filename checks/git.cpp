// The `git` check: facts about the learner's repository read through libgit2
// — history, branches, tags, what is committed or ignored, secrets, messages.
#include <labs/base/text_match.hpp>
#include <labs/model/check.hpp>
#include <labs/process/temporary_folder.hpp>
#include <labs/repo/branch_work.hpp>
#include <labs/repo/committed_ignores.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/repo/secrets.hpp>
#include <labs/spec/lab_regex.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <git2.h>
#include <boost/regex.hpp>

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <set>

namespace labkit {

namespace {

constexpr std::size_t kMaxScannedBlob = 1 << 20;
constexpr std::size_t kListedPaths = 5;

const char* const kNoCommit = "the repository has no commit yet: git add . && git commit -m \"First commit\"";

/// No readable commit: none made yet (to do), or a damaged repository (an error).
StepOutcome without_commit(const Repo& repo) {
  if (const std::string damage = repo.damaged_head(); !damage.empty()) {
    return {Status::error,
            fmt::format("HEAD's commit cannot be read, the repository is damaged ({}); git fsck shows what is broken",
                        damage)};
  }
  return {Status::fail, kNoCommit};
}

std::string shallow_note(std::size_t visible) {
  return fmt::format(
      "history is shallow ({} commit(s) visible), so it cannot be judged: fetch all of it with "
      "`git fetch --unshallow` (GitHub Actions: actions/checkout with fetch-depth: 0)",
      visible);
}

std::string listed(const std::vector<std::string>& paths) {
  std::vector<std::string> shown(paths.begin(),
                                 paths.begin() + static_cast<std::ptrdiff_t>(std::min(paths.size(), kListedPaths)));
  std::string text = fmt::format("{}", fmt::join(shown, ", "));
  if (paths.size() > shown.size()) text += fmt::format(" and {} more", paths.size() - shown.size());
  return text;
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

struct MessageRules {
  std::optional<long> min_length;
  std::optional<long> max_length;
  std::optional<LabRegex> matches;
};

class GitCheck final : public Check {
 public:
  std::optional<CountRange> commits, branches, merges, merged_branches, tags;
  std::vector<std::string> tracked, not_tracked, ignored;
  bool clean = false, no_secrets = false, remote = false;
  std::optional<double> max_file_size_mb;
  std::optional<MessageRules> messages;

  std::string describe() const override {
    std::vector<std::string> parts;
    if (commits) parts.push_back(fmt::format("{} commits that change files", commits->describe()));
    if (branches) parts.push_back(fmt::format("{} branches", branches->describe()));
    if (merges) parts.push_back(fmt::format("{} merge commits", merges->describe()));
    if (merged_branches) parts.push_back(fmt::format("{} branches merged", merged_branches->describe()));
    if (tags) parts.push_back(fmt::format("{} tags", tags->describe()));
    if (!tracked.empty()) parts.push_back(fmt::format("committed: {}", fmt::join(tracked, ", ")));
    if (!not_tracked.empty()) parts.push_back(fmt::format("not committed: {}", fmt::join(not_tracked, ", ")));
    if (!ignored.empty()) parts.push_back(fmt::format("ignored by git: {}", fmt::join(ignored, ", ")));
    if (clean) parts.push_back("working tree clean");
    if (max_file_size_mb) parts.push_back(fmt::format("no committed file over {} MB", *max_file_size_mb));
    if (no_secrets) parts.push_back("no secrets committed");
    if (remote) parts.push_back("a remote is configured");
    if (messages) parts.push_back("commit messages follow the rules");
    return fmt::format("git: {}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    const Repo& repo = context.repo;
    std::vector<StepOutcome> outcomes;
    if (commits) outcomes.push_back(check_commits(repo));
    if (branches) outcomes.push_back(check_branches(repo));
    if (merges) outcomes.push_back(check_merges(repo));
    if (merged_branches) outcomes.push_back(check_merged_branches(repo));
    if (tags) outcomes.push_back(check_tags(repo));
    if (!tracked.empty() || !not_tracked.empty() || max_file_size_mb || no_secrets) {
      std::string error;
      const auto files = committed_files(repo, error);
      if (!error.empty()) {
        outcomes.push_back({Status::error, "cannot read the committed files: " + error});
      } else {
        if (!tracked.empty()) outcomes.push_back(check_tracked(repo, files));
        if (!not_tracked.empty()) outcomes.push_back(check_not_tracked(files));
        if (max_file_size_mb) outcomes.push_back(check_file_sizes(repo, files));
        if (no_secrets) outcomes.push_back(check_secrets(repo, files));
      }
    }
    if (!ignored.empty()) outcomes.push_back(check_ignored(repo));
    if (clean) outcomes.push_back(check_clean(repo));
    if (remote) outcomes.push_back(check_remote(repo));
    if (messages) outcomes.push_back(check_messages(repo));
    return merge(outcomes);
  }

 private:
  static StepOutcome merge(const std::vector<StepOutcome>& outcomes) {
    StepOutcome merged;
    std::vector<std::string> evidence;
    for (const auto& outcome : outcomes) merged.status = combine(merged.status, outcome.status);
    for (const auto& outcome : outcomes) {
      if (merged.status != Status::pass && outcome.status == Status::pass) continue;
      evidence.push_back(outcome.evidence);
      if (merged.path.empty() && !outcome.path.empty()) {
        merged.path = outcome.path;
        merged.line = outcome.line;
      }
    }
    merged.evidence = fmt::format("{}", fmt::join(evidence, "; "));
    return merged;
  }

  StepOutcome check_commits(const Repo& repo) const {
    if (!repo.has_commits()) return without_commit(repo);
    // All commits bound the count from above, cheaply; only those that
    // change files count, so padding with --allow-empty proves nothing.
    const HistoryWalk all = repo.count_history();
    if (!all.error.empty()) return {Status::error, "cannot read the history: " + all.error};
    const long total = static_cast<long>(all.visited);
    const bool enough_total = !commits->max || total <= *commits->max;
    long changing = 0;
    const HistoryWalk walk = repo.walk_history([&](git_commit& commit) {
      if (changes_files(repo.handle(), commit)) ++changing;
      return !(enough_total && commits->min && changing >= *commits->min);
    });
    if (!walk.error.empty()) return {Status::error, "cannot read the history: " + walk.error};
    if (commits->contains(changing)) {
      return {Status::pass, fmt::format("{} commit(s) that change files{}, need {}", changing,
                                        walk.truncated ? " visible" : "", commits->describe())};
    }
    // A cut history can still prove "enough", never "too few".
    if (walk.truncated) return {Status::error, shallow_note(walk.visited)};
    const long empty = total - changing;
    return {Status::fail,
            fmt::format("found {} commit(s) that change files, need {}{}", changing, commits->describe(),
                        empty > 0 ? fmt::format(" ({} empty commit(s) change nothing and do not count)", empty) : "")};
  }

  StepOutcome check_merged_branches(const Repo& repo) const {
    if (!repo.has_commits()) return without_commit(repo);
    const BranchWork work = find_branch_work(repo);
    if (!work.walk.error.empty()) return {Status::error, "cannot read the history: " + work.walk.error};
    std::vector<std::string> merged;
    for (const auto& branch : work.merged) merged.push_back(fmt::format("{} ({})", branch.name, branch.how));
    const long count = static_cast<long>(merged.size());
    if (merged_branches->contains(count))
      return {Status::pass, fmt::format("branch work merged: {}", count == 0 ? "none" : listed(merged))};
    if (work.walk.truncated) return {Status::error, shallow_note(work.walk.visited)};
    std::vector<std::string> found;
    if (count > 0) found.push_back(fmt::format("merged: {}", listed(merged)));
    if (work.empty_merges > 0)
      found.push_back(fmt::format("{} merge commit(s) that change no file", work.empty_merges));
    if (!work.pending.empty()) found.push_back(fmt::format("not merged yet: {}", listed(work.pending)));
    return {Status::fail,
            fmt::format("found {} branch(es) whose changes reached {}, need {}{} (commit changes on a branch, then "
                        "git merge BRANCH)",
                        count, repo.branch().empty() ? "HEAD" : repo.branch(), merged_branches->describe(),
                        found.empty() ? "" : fmt::format("; {}", fmt::join(found, "; ")))};
  }

  StepOutcome check_merges(const Repo& repo) const {
    if (!repo.has_commits()) return without_commit(repo);
    long count = 0;
    const HistoryWalk walk = repo.walk_history([&](git_commit& commit) {
      if (git_commit_parentcount(&commit) > 1) ++count;
      return true;
    });
    if (!walk.error.empty()) return {Status::error, "cannot read the history: " + walk.error};
    if (merges->contains(count))
      return {Status::pass, fmt::format("{} merge commit(s), need {}", count, merges->describe())};
    if (walk.truncated) return {Status::error, shallow_note(walk.visited)};
    return {Status::fail, fmt::format("found {} merge commit(s), need {} (merge a branch: git merge --no-ff BRANCH)",
                                      count, merges->describe())};
  }

  StepOutcome check_branches(const Repo& repo) const {
    git_branch_iterator* raw = nullptr;
    if (git_branch_iterator_new(&raw, repo.handle(), GIT_BRANCH_ALL) != 0) {
      return {Status::error, "cannot list branches: " + git_error_text()};
    }
    GitBranchIteratorPtr iterator(raw);
    std::set<std::string> names;
    git_reference* reference = nullptr;
    git_branch_t type;
    while (git_branch_next(&reference, &type, raw) == 0) {
      GitReferencePtr owned(reference);
      std::string name = git_reference_shorthand(reference);
      // A remote branch counts once with its local twin: origin/dev is dev.
      if (type == GIT_BRANCH_REMOTE) name = name.substr(name.find('/') + 1);
      if (name != "HEAD") names.insert(name);
    }
    const long count = static_cast<long>(names.size());
    const std::string found = fmt::format("{} branch(es) ({})", count, fmt::join(names, ", "));
    if (branches->contains(count)) return {Status::pass, fmt::format("{}, need {}", found, branches->describe())};
    return {Status::fail, fmt::format("found {}, need {}", count == 0 ? "no branch" : found, branches->describe())};
  }

  StepOutcome check_tags(const Repo& repo) const {
    git_strarray names{};
    if (git_tag_list(&names, repo.handle()) != 0) return {Status::error, "cannot list tags: " + git_error_text()};
    const long count = static_cast<long>(names.count);
    git_strarray_dispose(&names);
    if (tags->contains(count)) return {Status::pass, fmt::format("{} tag(s), need {}", count, tags->describe())};
    return {Status::fail,
            fmt::format("found {} tag(s), need {} (git tag v0.1 && git push --tags)", count, tags->describe())};
  }

  StepOutcome check_tracked(const Repo& repo, const std::vector<CommittedFile>& files) const {
    if (!repo.has_commits()) return without_commit(repo);
    std::vector<std::string> missing;
    for (const auto& pattern : tracked) {
      const bool found =
          std::any_of(files.begin(), files.end(), [&](const CommittedFile& f) { return names_path(pattern, f.path); });
      if (!found) missing.push_back(pattern);
    }
    if (missing.empty()) return {Status::pass, fmt::format("committed: {}", fmt::join(tracked, ", "))};
    return {Status::fail, fmt::format("not committed: {} (git add it, then git commit)", listed(missing)),
            missing.front()};
  }

  StepOutcome check_not_tracked(const std::vector<CommittedFile>& files) const {
    std::vector<std::string> offending;
    for (const auto& file : files) {
      for (const auto& pattern : not_tracked) {
        if (names_path(pattern, file.path)) {
          offending.push_back(file.path);
          break;
        }
      }
    }
    if (offending.empty())
      return {Status::pass, fmt::format("nothing committed under {}", fmt::join(not_tracked, ", "))};
    return {Status::fail,
            fmt::format("committed but should not be: {} (git rm -r --cached PATH, then add it to .gitignore)",
                        listed(offending)),
            offending.front()};
  }

  StepOutcome check_file_sizes(const Repo& repo, const std::vector<CommittedFile>& files) const {
    const double limit_bytes = *max_file_size_mb * 1024 * 1024;
    for (const auto& file : files) {
      const auto size = blob_size(repo, file.id);
      if (size && static_cast<double>(*size) > limit_bytes) {
        return {Status::fail,
                fmt::format(
                    "{} is {:.1f} MB, over the {} MB limit (keep data and models out of git: DVC or a download script)",
                    file.path, static_cast<double>(*size) / (1024 * 1024), *max_file_size_mb),
                file.path};
      }
    }
    return {Status::pass, fmt::format("no committed file is over {} MB", *max_file_size_mb)};
  }

  StepOutcome check_secrets(const Repo& repo, const std::vector<CommittedFile>& files) const {
    for (const auto& file : files) {
      std::optional<SecretFinding> finding = secret_file_name(file.path);
      if (!finding && file.mode != GIT_FILEMODE_LINK) {
        if (auto text = read_text_blob(repo, file.id, kMaxScannedBlob)) finding = scan_for_secret(*text);
      }
      if (finding) {
        const std::string where = finding->line ? fmt::format("{}:{}", file.path, finding->line) : file.path;
        return {Status::fail,
                fmt::format("{} looks like {}: remove it from git (git rm --cached), rotate the secret, "
                            "and load secrets from the environment",
                            where, finding->what),
                file.path, finding->line};
      }
    }
    return {Status::pass, fmt::format("no secret-looking file or text among {} committed files", files.size())};
  }

  StepOutcome check_ignored(const Repo& repo) const {
    if (!repo.has_commits()) return without_commit(repo);
    std::string error;
    const auto scratch = TemporaryFolder::make("labs-ignores-", "the committed ignore rules", error);
    const auto rules = scratch ? CommittedIgnoreRules::load(repo, scratch->path(), error) : nullptr;
    if (!rules) return {Status::error, "cannot read the committed .gitignore files: " + error};
    std::vector<std::string> not_ignored, only_locally;
    for (const auto& path : ignored) {
      if (rules->ignores(path)) continue;
      int locally = 0;
      if (git_ignore_path_is_ignored(&locally, repo.handle(), path.c_str()) == 0 && locally)
        only_locally.push_back(path);
      else
        not_ignored.push_back(path);
    }
    if (not_ignored.empty() && only_locally.empty()) {
      if (auto too_much = ignores_own_files(repo, *rules)) return *too_much;
      return {Status::pass, fmt::format("ignored by the committed .gitignore: {}", fmt::join(ignored, ", "))};
    }
    std::vector<std::string> found;
    if (!not_ignored.empty())
      found.push_back(fmt::format("not ignored by git: {} (add to .gitignore)", listed(not_ignored)));
    if (!only_locally.empty()) {
      found.push_back(fmt::format(
          "ignored only on this machine: {} (the rule is in .git/info/exclude, a global excludes file or an "
          "uncommitted .gitignore, which a teammate or CI does not get: commit it in .gitignore)",
          listed(only_locally)));
    }
    return {Status::fail, fmt::format("{}", fmt::join(found, "; ")), ".gitignore"};
  }

  /// A .gitignore such as "*" ignores every path asked about, and the
  /// learner's own work with it (force-added with git add -f).
  static std::optional<StepOutcome> ignores_own_files(const Repo& repo, const CommittedIgnoreRules& rules) {
    std::string error;
    const auto files = committed_files(repo, error);
    std::vector<std::string> own_ignored;
    for (const auto& file : files)
      if (rules.ignores(file.path)) own_ignored.push_back(file.path);
    if (files.empty() || own_ignored.size() * 2 <= files.size()) return std::nullopt;
    return StepOutcome{Status::fail,
                       fmt::format("the committed .gitignore ignores most of your own committed files too ({} of {}: "
                                   "{}): name what to ignore instead of everything",
                                   own_ignored.size(), files.size(), listed(own_ignored)),
                       ".gitignore"};
  }

  StepOutcome check_clean(const Repo& repo) const {
    git_status_options options;
    git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list* raw = nullptr;
    if (git_status_list_new(&raw, repo.handle(), &options) != 0) {
      return {Status::error, "cannot read the working tree status: " + git_error_text()};
    }
    GitStatusListPtr list(raw);
    std::vector<std::string> changed;
    for (std::size_t i = 0; i < git_status_list_entrycount(raw); ++i) {
      const git_status_entry* entry = git_status_byindex(raw, i);
      const git_diff_delta* delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
      if (delta) changed.push_back(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
    }
    const auto hidden = hidden_changes(repo);
    if (changed.empty() && hidden.empty()) return {Status::pass, "working tree clean: everything is committed"};
    std::vector<std::string> found;
    if (!changed.empty())
      found.push_back(
          fmt::format("{} path(s) not committed: {} (git add -A && git commit)", changed.size(), listed(changed)));
    if (!hidden.empty())
      found.push_back(
          fmt::format("{} changed file(s) hidden from git status with assume-unchanged or skip-worktree: "
                      "{} (git update-index --no-assume-unchanged --no-skip-worktree FILE, then commit)",
                      hidden.size(), listed(hidden)));
    return {Status::fail, fmt::format("{}", fmt::join(found, "; "))};
  }

  /// Files git status is told not to look at, whose content differs from the index.
  static std::vector<std::string> hidden_changes(const Repo& repo) {
    std::vector<std::string> hidden;
    git_index* raw = nullptr;
    if (git_repository_index(&raw, repo.handle()) != 0) return hidden;
    const GitIndexPtr index(raw);
    for (std::size_t i = 0; i < git_index_entrycount(raw); ++i) {
      const git_index_entry* entry = git_index_get_byindex(raw, i);
      const bool unwatched =
          (entry->flags & GIT_INDEX_ENTRY_VALID) != 0 || (entry->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) != 0;
      if (!unwatched || !S_ISREG(entry->mode)) continue;
      // The index is the learner's too: a path through a symlink out of the repository is never read.
      const ResolvedPath file = resolve_inside(repo.root(), entry->path);
      std::error_code ec;
      if (!file.ok() || !std::filesystem::is_regular_file(std::filesystem::symlink_status(file.path, ec))) continue;
      git_oid on_disk;
      if (git_odb_hashfile(&on_disk, file.path.c_str(), GIT_OBJECT_BLOB) == 0 &&
          git_oid_equal(&on_disk, &entry->id) == 0)
        hidden.emplace_back(entry->path);
    }
    return hidden;
  }

  StepOutcome check_remote(const Repo& repo) const {
    git_strarray names{};
    if (git_remote_list(&names, repo.handle()) != 0) return {Status::error, "cannot list remotes: " + git_error_text()};
    std::vector<std::string> remotes(names.strings, names.strings + names.count);
    git_strarray_dispose(&names);
    std::vector<std::string> addressed, unaddressed;
    for (const auto& name : remotes) {
      git_remote* raw = nullptr;
      if (git_remote_lookup(&raw, repo.handle(), name.c_str()) != 0) continue;
      const GitRemotePtr remote(raw);
      const char* url = git_remote_url(raw);
      (url && is_repository_address(url, repo.root()) ? addressed : unaddressed)
          .push_back(fmt::format("{} ({})", name, url ? url : ""));
    }
    if (!addressed.empty()) return {Status::pass, fmt::format("remote configured: {}", fmt::join(addressed, ", "))};
    if (!unaddressed.empty())
      return {Status::fail, fmt::format("the remote's URL is not a repository address: {} (git remote set-url origin "
                                        "https://github.com/USER/REPO.git or git@github.com:USER/REPO.git)",
                                        fmt::join(unaddressed, ", "))};
    return {Status::fail,
            "no remote configured: create the repository on GitHub or GitLab, then "
            "git remote add origin URL && git push -u origin HEAD"};
  }

  /// https://host/path, ssh://…, git@host:path, or a repository folder on this machine.
  static bool is_repository_address(std::string_view url, const std::filesystem::path& root) {
    static const boost::regex address(R"(^(?:[a-z][a-z0-9+.-]*://[^/\s]+/\S+|[^@/:\s]+@[^/:\s]+:\S+|file://\S+)$)");
    if (boost::regex_match(url.begin(), url.end(), address)) return true;
    std::error_code ec;
    const std::filesystem::path local = root / std::filesystem::path(url);
    return std::filesystem::exists(local / "HEAD", ec) || std::filesystem::exists(local / ".git", ec);
  }

  StepOutcome check_messages(const Repo& repo) const {
    if (!repo.has_commits()) return without_commit(repo);
    std::optional<StepOutcome> violation;
    const HistoryWalk walk = repo.walk_history([&](git_commit& commit) {
      if (git_commit_parentcount(&commit) > 1) return true;  // merge messages are written by git
      const char* summary_raw = git_commit_summary(&commit);
      const std::string summary = summary_raw ? summary_raw : "";
      const auto length = static_cast<long>(utf8_length(summary));
      const std::string id = short_id(*git_commit_id(&commit));
      if (messages->min_length && length < *messages->min_length) {
        violation =
            StepOutcome{Status::fail, fmt::format("commit {} {} has {} characters, need at least {} (say what and why)",
                                                  id, quote(summary), length, *messages->min_length)};
      } else if (messages->max_length && length > *messages->max_length) {
        violation =
            StepOutcome{Status::fail, fmt::format("commit {} {} has {} characters, at most {} fit a summary line", id,
                                                  quote(summary), length, *messages->max_length)};
      } else if (messages->matches && !boost::regex_search(summary, messages->matches->compiled)) {
        violation = StepOutcome{Status::fail, fmt::format("commit {} {} does not match /{}/", id, quote(summary),
                                                          messages->matches->pattern)};
      }
      return !violation;
    });
    if (violation) return *violation;
    if (!walk.error.empty()) return {Status::error, "cannot read the history: " + walk.error};
    if (walk.truncated) return {Status::error, shallow_note(walk.visited)};
    return {Status::pass, fmt::format("all {} commit message(s) follow the rules", walk.visited)};
  }
};

std::optional<CountRange> read_range_key(SpecMap& spec, const char* key) {
  if (!spec.has(key)) return std::nullopt;
  return read_count_range(spec.node(key), fmt::format("'{}' in git check", key), spec.file(), spec.diagnostics());
}

bool read_true(SpecMap& spec, const char* key) {
  const auto value = spec.boolean(key);
  if (value && !*value) spec.error(key, fmt::format("'{}: false' checks nothing: leave the key out instead", key));
  return value.value_or(false);
}

std::optional<MessageRules> read_messages(SpecMap& parent) {
  if (!parent.has("messages")) return std::nullopt;
  SpecMap spec(parent.node("messages"), "'messages' in git check", {"min_length", "max_length", "matches"},
               parent.file(), parent.diagnostics());
  if (!spec.is_map()) return std::nullopt;
  MessageRules rules{spec.integer("min_length", 1, 10000), spec.integer("max_length", 1, 10000),
                     read_regex(spec, "matches")};
  if (!rules.min_length && !rules.max_length && !rules.matches) {
    spec.error("min_length", "'messages' needs at least one of min_length, max_length, matches");
  }
  return rules;
}

}  // namespace

std::unique_ptr<Check> parse_git_check(SpecMap& spec) {
  auto check = std::make_unique<GitCheck>();
  check->commits = read_range_key(spec, "commits");
  check->branches = read_range_key(spec, "branches");
  check->merges = read_range_key(spec, "merges");
  check->merged_branches = read_range_key(spec, "merged_branches");
  check->tags = read_range_key(spec, "tags");
  check->tracked = spec.string_list("tracked").value_or(std::vector<std::string>{});
  check->not_tracked = spec.string_list("not_tracked").value_or(std::vector<std::string>{});
  check->ignored = spec.string_list("ignored").value_or(std::vector<std::string>{});
  check->clean = read_true(spec, "clean");
  check->no_secrets = read_true(spec, "no_secrets");
  check->remote = read_true(spec, "remote");
  check->max_file_size_mb = spec.number("max_file_size_mb");
  if (check->max_file_size_mb && *check->max_file_size_mb <= 0) {
    spec.error("max_file_size_mb", "'max_file_size_mb' must be above 0");
  }
  check->messages = read_messages(spec);
  if (spec.is_empty()) spec.error("commits", "an empty git check checks nothing");
  return check;
}

}  // namespace labkit
