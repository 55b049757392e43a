// The probe sandbox: every probe in its own user, pid, ipc, uts and (unless
// it talks to a service) network namespace, with no capabilities, no
// controlling terminal, and a file system of read-only system folders, the
// learner's work tree and a private /tmp (docs/security.md).
#include <labs/process/probe_env.hpp>
#include <labs/process/sandbox.hpp>

#include "process/kept_sandbox.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>

extern char** environ;

namespace labkit {

namespace fs = std::filesystem;

namespace {

std::atomic<SandboxMode> g_mode{SandboxMode::automatic};
ProbeLimits g_limits;

/// The uid a probe has inside its namespace: the user's own, but never root —
/// root's files then belong to nobody-inside, and no capability remains.
constexpr uid_t kNobody = 65534;

/// System folders every probe sees read-only.
constexpr const char* kSystemFolders[] = {"/usr", "/etc",   "/opt",   "/bin",   "/sbin",
                                          "/lib", "/lib32", "/lib64", "/libx32"};

uid_t probe_uid() { return ::getuid() == 0 ? kNobody : ::getuid(); }
gid_t probe_gid() { return ::getuid() == 0 ? kNobody : ::getgid(); }

bool is_within(const fs::path& inner, const fs::path& outer) {
  auto [end, at] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return end == outer.end();
}

bool within_system(const fs::path& folder) {
  for (const char* system : kSystemFolders) {
    if (is_within(folder, system)) return true;
  }
  return false;
}

void add(std::vector<std::string>& arguments, std::initializer_list<std::string> words) {
  arguments.insert(arguments.end(), words);
}

/// The system folders as they are here: merged-/usr links stay links.
const std::vector<std::string>& system_view() {
  static const std::vector<std::string> view = [] {
    std::vector<std::string> arguments;
    for (const char* folder : kSystemFolders) {
      std::error_code error;
      const auto status = fs::symlink_status(folder, error);
      if (error || !fs::exists(status)) continue;
      if (fs::is_symlink(status)) {
        add(arguments, {"--symlink", fs::read_symlink(folder, error).string(), folder});
      } else {
        add(arguments, {"--ro-bind", folder, folder});
      }
    }
    return arguments;
  }();
  return view;
}

/// As root, the probe's files-owner is root outside: /etc/shadow, host keys
/// and any other root-only entry of /etc would be readable as "its own".
/// They are covered (files by /dev/null, folders by an empty tmpfs).
const std::vector<std::string>& root_only_masks() {
  static const std::vector<std::string> masks = [] {
    std::vector<std::string> arguments;
    if (::geteuid() != 0) return arguments;
    std::error_code error;
    fs::recursive_directory_iterator walk("/etc", fs::directory_options::skip_permission_denied, error);
    for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
      struct stat info {};
      if (::lstat(walk->path().c_str(), &info) != 0 || S_ISLNK(info.st_mode) || (info.st_mode & S_IROTH)) continue;
      if (S_ISDIR(info.st_mode)) {
        add(arguments, {"--tmpfs", walk->path().string()});
        walk.disable_recursion_pending();
      } else if (S_ISREG(info.st_mode)) {
        add(arguments, {"--ro-bind", "/dev/null", walk->path().string()});
      }
    }
    return arguments;
  }();
  return masks;
}

std::string value_of(const std::vector<std::string>& environment, std::string_view name) {
  for (const auto& entry : environment) {
    if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=')
      return entry.substr(name.size() + 1);
  }
  return "";
}

/// A folder outside the system that a probe needs to read, unless it would
/// show the home folder (or one above it) itself.
void want_tool_folder(std::vector<fs::path>& folders, const fs::path& folder, const fs::path& home,
                      const fs::path& tree) {
  std::error_code error;
  if (folder.empty() || !folder.is_absolute() || within_system(folder) || is_within(folder, tree) ||
      (!home.empty() && is_within(home, folder)) || !fs::is_directory(folder, error))
    return;
  folders.push_back(folder);
}

/// Each wanted folder once, read-only, leaving out those inside another.
void show_tool_folders(std::vector<std::string>& arguments, std::vector<fs::path> folders) {
  std::sort(folders.begin(), folders.end());
  const fs::path* shown = nullptr;
  for (const auto& folder : folders) {
    if (shown && is_within(folder, *shown)) continue;
    add(arguments, {"--ro-bind", folder.string(), folder.string()});
    shown = &folder;
  }
}

/// The folders of PATH outside the system (pyenv, cargo, ~/.local/bin), and
/// the Python a virtualenv of the work tree was made from: without them the
/// learner's own tools would not start.
void show_tools(std::vector<std::string>& arguments, const std::vector<std::string>& environment, const fs::path& home,
                const fs::path& tree) {
  std::vector<fs::path> folders;
  const std::string search = value_of(environment, "PATH");
  for (std::size_t start = 0; start <= search.size();) {
    const std::size_t colon = std::min(search.find(':', start), search.size());
    const fs::path folder = fs::path(search.substr(start, colon - start)).lexically_normal();
    // pyenv, rbenv and nodenv shims run the versions beside them.
    want_tool_folder(folders, folder.filename() == "shims" ? folder.parent_path() : folder, home, tree);
    start = colon + 1;
  }
  for (const char* venv : {".venv", "venv", "env"}) {
    std::ifstream config(tree / venv / "pyvenv.cfg");
    for (std::string line; std::getline(config, line);) {
      if (!line.starts_with("home")) continue;
      const auto equals = line.find('=');
      if (equals == std::string::npos) continue;
      const fs::path bin = fs::path(line.substr(line.find_first_not_of(' ', equals + 1))).lexically_normal();
      want_tool_folder(folders, bin.parent_path(), home, tree);
    }
  }
  show_tool_folders(arguments, std::move(folders));
}

/// The probe's home, shown as an empty folder of its own: tools may write
/// their caches there, and nothing of the user's (keys, tokens, shell
/// history) is there to read. Empty when HOME is no such folder.
fs::path own_home(const std::vector<std::string>& environment) {
  const fs::path home = fs::path(value_of(environment, "HOME")).lexically_normal();
  return home.is_absolute() && home != "/" && !within_system(home) ? home : fs::path();
}

/// bubblewrap as labs' own PATH finds it (a build in /usr/local included),
/// else Debian's: one program for the check that it works and every probe.
const fs::path& bwrap_program() {
  static const fs::path found = [] {
    const char* search = std::getenv("PATH");
    fs::path on_path = find_program({std::string("PATH=") + (search ? search : "")}, "bwrap");
    return on_path.empty() ? fs::path("/usr/bin/bwrap") : on_path;
  }();
  return found;
}

/// Which sandbox the view is for: a probe's own, or the kept one in which
/// the launcher starts each probe (with a pid namespace and /proc of its
/// own; /tmp and the home are the run's).
enum class Sandbox { per_probe, kept };

/// Where the kept sandbox shows labs-probe-launcher.
constexpr const char* kLauncherInside = "/.labs-probe-launcher";

/// bubblewrap and its namespaces and mounts: everything of its command line
/// but the capabilities, the program and its folder.
std::vector<std::string> sandbox_view(const fs::path& tree, const Containment& containment,
                                      const std::vector<std::string>& environment, Sandbox sandbox) {
  // The kept sandbox is root in its user namespace, which then owns its
  // mounts; the launcher gives each probe the probe's ids (serve.cpp).
  const uid_t uid = sandbox == Sandbox::kept ? 0 : probe_uid();
  const gid_t gid = sandbox == Sandbox::kept ? 0 : probe_gid();
  std::vector<std::string> arguments{bwrap_program().string(), "--unshare-user", "--uid",
                                     std::to_string(uid),      "--gid",          std::to_string(gid),
                                     "--unshare-pid",          "--unshare-ipc",  "--unshare-uts",
                                     "--unshare-cgroup-try",   "--new-session"};
  if (containment.network == Network::none) arguments.emplace_back("--unshare-net");
  const auto& view = system_view();
  arguments.insert(arguments.end(), view.begin(), view.end());
  const auto& masks = root_only_masks();
  arguments.insert(arguments.end(), masks.begin(), masks.end());
  add(arguments, {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"});
  const fs::path home = own_home(environment);
  if (!home.empty()) add(arguments, {"--tmpfs", home.string()});
  show_tools(arguments, environment, home, tree);
  if (tree != "/") {
    add(arguments, {"--bind", tree.string(), tree.string()});
    // The probe may change the work tree (that is its job), not the history
    // labs reads after it.
    std::error_code error;
    if (fs::is_directory(fs::symlink_status(tree / ".git", error)))
      add(arguments, {"--ro-bind", (tree / ".git").string(), (tree / ".git").string()});
  }
  for (const auto& path : containment.writable) add(arguments, {"--bind", path.string(), path.string()});
  for (const auto& [inside, shown] : containment.replaced)
    add(arguments, {"--ro-bind", shown.string(), inside.string()});
  for (const auto& path : containment.readable) add(arguments, {"--ro-bind", path.string(), path.string()});
  return arguments;
}

/// A bubblewrap of the probe's own.
std::vector<std::string> per_probe_command(const fs::path& tree, const Containment& containment,
                                           const std::vector<std::string>& environment,
                                           const std::vector<std::string>& command) {
  std::vector<std::string> bwrap = sandbox_view(tree, containment, environment, Sandbox::per_probe);
  add(bwrap, {"--cap-drop", "ALL", "--die-with-parent", "--chdir", tree.string(), "--"});
  bwrap.insert(bwrap.end(), command.begin(), command.end());
  return bwrap;
}

/// Starts bubblewrap once with the same kind of command line a probe gets.
SandboxSupport try_sandbox() {
  if (::access(bwrap_program().c_str(), X_OK) != 0)
    return {false, "bubblewrap is not installed (Debian: apt-get install bubblewrap)"};
  std::vector<std::string> words = per_probe_command("/", Containment{}, {"PATH=/usr/bin:/bin"}, {"/usr/bin/true"});
  std::vector<char*> argv;
  argv.reserve(words.size() + 1);
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) return {false, "no pipe to try bubblewrap"};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], 2);
  pid_t pid = 0;
  char* no_environment[] = {nullptr};
  const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), no_environment);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  std::string said;
  char chunk[512];
  for (ssize_t got; spawned == 0 && (got = ::read(pipe_ends[0], chunk, sizeof chunk)) > 0;) said.append(chunk, got);
  ::close(pipe_ends[0]);
  int status = 0;
  if (spawned != 0 || ::waitpid(pid, &status, 0) != pid) return {false, "bubblewrap could not be started"};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, ""};
  while (!said.empty() && said.back() == '\n') said.pop_back();
  return {false, "bubblewrap cannot make a sandbox here (" + (said.empty() ? "no reason given" : said) +
                     "); unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone)"};
}

}  // namespace

void set_sandbox_mode(SandboxMode mode) { g_mode = mode; }
SandboxMode sandbox_mode() { return g_mode; }
void set_default_limits(const ProbeLimits& limits) { g_limits = limits; }
const ProbeLimits& default_limits() { return g_limits; }

const SandboxSupport& sandbox_support() {
  static const SandboxSupport support = try_sandbox();
  return support;
}

std::string sandbox_refusal() {
  if (g_mode != SandboxMode::required || sandbox_support().available) return "";
  return "the sandbox is required (--require-sandbox, grade --sandbox) but " + sandbox_support().reason;
}

bool sandbox_active() {
  if (g_mode == SandboxMode::off) return false;
  const SandboxSupport& support = sandbox_support();
  if (!support.available && g_mode == SandboxMode::automatic) {
    static std::once_flag noted;
    std::call_once(noted, [&] {
      std::cerr << "labs: note: probes run without a sandbox: " << support.reason
                << ". They run as your user and can read what you can (see docs/security.md).\n";
    });
  }
  return support.available;
}

std::vector<std::string> sandboxed_command(const fs::path& tree, const Containment& containment,
                                           const std::vector<std::string>& environment,
                                           const std::vector<std::string>& command) {
  // The kept sandbox shows the tree as it is; replacements need a view of their own.
  if (!probe_launcher().empty() && !containment.needs_own_view()) {
    std::vector<std::string> bwrap = sandbox_view(tree, containment, environment, Sandbox::kept);
    add(bwrap, {"--cap-add", "ALL", "--ro-bind", probe_launcher().string(), kLauncherInside, "--", kLauncherInside,
                "serve", std::to_string(probe_uid()), std::to_string(probe_gid())});
    if (const auto socket = kept_sandbox_socket(bwrap, tree, environment)) {
      std::vector<std::string> entered{probe_launcher().string(), "enter", *socket, tree.string(), "--"};
      entered.insert(entered.end(), command.begin(), command.end());
      return entered;
    }
  }
  return per_probe_command(tree, containment, environment, command);
}

void protect_own_process() { ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

}  // namespace labkit
