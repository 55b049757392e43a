// `labs watch [SELECTOR...]`: re-runs labs verify when the repository
// changes (inotify, debounced) and redraws the checklist. Each run is a
// child labs verify, so probe results whose inputs did not change come from
// the cache and a run never leaves state behind in this process.
#include "commands/commands.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/repo/repo.hpp>

#include <fmt/format.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <set>

extern char** environ;

namespace labkit {

namespace {

namespace fs = std::filesystem;

constexpr auto kQuiet = std::chrono::milliseconds(300);  // a save in an editor is several events
constexpr std::size_t kMaxWatches = 8192;

/// Folders whose changes are tools' caches or labs' own state, never the learner's work.
bool ignored(const std::string& name) {
  static const std::set<std::string> names{".labs",        ".venv",       "venv",
                                           "node_modules", "__pycache__", ".pytest_cache",
                                           ".mypy_cache",  ".ruff_cache", ".ipynb_checkpoints"};
  return names.count(name) || name.ends_with(".pyc") || name.ends_with(".labs-tmp") || name.ends_with(".swp") ||
         name.ends_with("~");
}

class Watcher {
 public:
  explicit Watcher(const fs::path& root) : m_fd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK)), m_root(root) {}
  ~Watcher() {
    if (m_fd >= 0) ::close(m_fd);
  }
  bool ok() const { return m_fd >= 0; }

  /// The work tree without .git and caches; of .git only what moves on a commit or checkout.
  void watch_tree() {
    add(m_root, true);
    add(m_root / ".git", false);
    add(m_root / ".git" / "refs", true);
  }
  bool truncated() const { return m_truncated; }

  /// Blocks until something relevant changed, then until it has been quiet for kQuiet.
  void wait_for_change() {
    bool changed = false;
    while (!changed) changed = drain(-1);
    while (drain(static_cast<int>(kQuiet.count()))) {}
  }

 private:
  static constexpr uint32_t kEvents =
      IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF;

  void add(const fs::path& folder, bool recursive) {
    if (m_folders.size() >= kMaxWatches) {
      m_truncated = true;
      return;
    }
    const int wd = ::inotify_add_watch(m_fd, folder.c_str(), kEvents | IN_ONLYDIR | IN_DONT_FOLLOW);
    if (wd < 0) return;
    m_folders[wd] = {folder, recursive};
    if (!recursive) return;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
      const std::string name = it->path().filename().string();
      if (name == ".git" || ignored(name)) continue;
      if (it->is_directory(error) && !it->is_symlink(error)) add(it->path(), true);
    }
  }

  /// Reads the events that arrive within `timeout_ms`; true if one of them matters.
  bool drain(int timeout_ms) {
    pollfd readable{m_fd, POLLIN, 0};
    if (::poll(&readable, 1, timeout_ms) <= 0) return false;
    alignas(inotify_event) char buffer[16384];
    bool relevant = false;
    for (ssize_t size; (size = ::read(m_fd, buffer, sizeof buffer)) > 0;) {
      for (char* at = buffer; at < buffer + size;) {
        const auto* event = reinterpret_cast<const inotify_event*>(at);
        at += sizeof(inotify_event) + event->len;
        const auto folder = m_folders.find(event->wd);
        if (folder == m_folders.end()) continue;
        const std::string name = event->len ? event->name : "";
        if (ignored(name)) continue;
        // In .git itself only HEAD and packed refs say that the history moved.
        if (!folder->second.recursive && name != "HEAD" && name != "packed-refs") continue;
        relevant = true;
        if ((event->mask & (IN_CREATE | IN_MOVED_TO)) && (event->mask & IN_ISDIR) && folder->second.recursive) {
          add(folder->second.path / name, true);
        }
      }
    }
    return relevant;
  }

  struct Folder {
    fs::path path;
    bool recursive;
  };
  int m_fd;
  fs::path m_root;
  std::map<int, Folder> m_folders;
  bool m_truncated = false;
};

std::vector<std::string> whole_environment() {
  std::vector<std::string> entries;
  for (char** entry = environ; entry && *entry; ++entry) entries.emplace_back(*entry);
  return entries;
}

int run_watch(const std::vector<std::string>& selectors, const std::string& repo, const GlobalOptions& globals) {
  auto opened = Repo::open(repo.empty() ? fs::current_path() : fs::path(repo), repo.empty());
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  const fs::path root = opened.repo->root();
  opened.repo.reset();
  Watcher watcher(root);
  if (!watcher.ok()) {
    std::cerr << "labs watch: inotify is not available here; run labs verify instead\n";
    return kExitEnvironment;
  }
  watcher.watch_tree();
  std::string command = shell_quote(labs_executable()) + " --color " + (use_color(globals) ? "always" : "never");
  if (!globals.labs_dir.empty()) command += " --labs " + shell_quote(fs::absolute(globals.labs_dir).string());
  if (!globals.default_track.empty()) command += " --track " + shell_quote(globals.default_track);
  if (!globals.lang.empty()) command += " --lang " + shell_quote(globals.lang);
  command += " verify --repo " + shell_quote(root.string());
  for (const auto& selector : selectors) command += " " + shell_quote(selector);
  const bool terminal = ::isatty(STDOUT_FILENO);
  for (int run = 1;; ++run) {
    ProcessRequest request{command, root, std::chrono::hours(24), 4 << 20, whole_environment()};
    request.containment.learner_code = false;  // labs itself, which sandboxes its own probes
    const auto result = run_process(request);
    if (terminal) std::cout << "\x1b[H\x1b[2J";  // redraw in place
    std::cout << result.out << result.err;
    std::cout << fmt::format("\n[run {}] watching {} for changes{} — Ctrl-C to stop\n", run, root.string(),
                             watcher.truncated() ? fmt::format(" (only the first {} folders)", kMaxWatches) : "")
              << std::flush;
    if (result.exit_code == kExitUsage) return kExitUsage;  // bad selectors or labs: no change to the repo fixes that
    watcher.wait_for_change();
  }
}

}  // namespace

void define_watch(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto selectors = std::make_shared<std::vector<std::string>>();
  auto repo = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("watch", "Re-check the labs whenever your files change");
  command->footer(
      "\nUnchanged probes come from the cache, so a re-run after an edit is quick. Not meant for CI.\n\n"
      "Examples:\n  labs watch week1\n  labs watch            the labs set in .labs.yaml (verify:)");
  command->add_option("selectors", *selectors, "Which labs or items (default: verify: in .labs.yaml)");
  command->add_option("--repo", *repo, "The repository (default: the one around this folder)");
  command->callback([selectors, repo, &globals, &exit_code] { exit_code = run_watch(*selectors, *repo, globals); });
}

}  // namespace labkit
