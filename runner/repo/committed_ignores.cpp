// Committed ignore rules, evaluated by libgit2 in a scratch repository that
// holds only HEAD's .gitignore files, so nothing local can lend a hand.
#include <labs/repo/committed_ignores.hpp>
#include <labs/repo/git_tree.hpp>

#include <git2.h>

#include <fstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

using GitConfigPtr = GitPtr<git_config, git_config_free>;

bool is_gitignore(const std::string& path) { return path == ".gitignore" || path.ends_with("/.gitignore"); }

}  // namespace

std::unique_ptr<CommittedIgnoreRules> CommittedIgnoreRules::load(const Repo& repo, const fs::path& scratch,
                                                                 std::string& error) {
  git_repository* raw = nullptr;
  if (git_repository_init(&raw, scratch.c_str(), 0) != 0) {
    error = git_error_text();
    return nullptr;
  }
  GitRepositoryPtr rules(raw);
  git_config* config = nullptr;
  if (git_repository_config(&config, raw) != 0) {
    error = git_error_text();
    return nullptr;
  }
  const GitConfigPtr owned_config(config);
  // Unset, libgit2 would read the user's ~/.config/git/ignore.
  const std::string none = (scratch / ".git" / "no-global-excludes").string();
  if (git_config_set_string(config, "core.excludesfile", none.c_str()) != 0) {
    error = git_error_text();
    return nullptr;
  }
  for (const auto& file : committed_files(repo, error)) {
    if (!is_gitignore(file.path) || file.mode == GIT_FILEMODE_LINK) continue;
    const auto text = read_text_blob(repo, file.id, std::size_t{1} << 20);
    if (!text) continue;
    const fs::path target = scratch / file.path;
    fs::create_directories(target.parent_path());
    std::ofstream(target, std::ios::binary) << *text;
  }
  if (!error.empty()) return nullptr;
  return std::unique_ptr<CommittedIgnoreRules>(new CommittedIgnoreRules(std::move(rules)));
}

bool CommittedIgnoreRules::ignores(const std::string& path) const {
  int ignored = 0;
  return git_ignore_path_is_ignored(&ignored, m_rules.get(), path.c_str()) == 0 && ignored != 0;
}

}  // namespace labkit
