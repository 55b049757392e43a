#include "process/kept_sandbox.hpp"

#include <labs/process/process.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

namespace labkit {

namespace fs = std::filesystem;

namespace {

/// Sandboxes kept at once; more only in labs' own tests, which make many
/// work trees in one process.
constexpr std::size_t kMostKept = 8;
constexpr int kReadyMilliseconds = 10000;

struct Kept {
  pid_t bwrap = 0;
  int lifeline = -1;  ///< our end: the sandbox ends when it closes
  std::string socket;
  fs::path tree;
  std::uint64_t last_used = 0;
};

/// An fd at 10 or above, so that the child's dup2 onto 3, 4 or 5 always
/// makes a copy (a copy onto itself would keep close-on-exec).
int high_copy(int fd) {
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  return copy;
}

class KeptSandboxes {
 public:
  ~KeptSandboxes() { end_all(); }

  /// Ends every sandbox and removes the folder of their sockets.
  void end_all() {
    const std::lock_guard lock(m_mutex);
    while (!m_kept.empty()) end(m_kept.begin());
    if (!m_folder.empty()) ::rmdir(m_folder.c_str());
    m_folder.clear();
  }

  std::optional<std::string> socket_for(const std::vector<std::string>& command, const fs::path& tree,
                                        const std::vector<std::string>& environment) {
    const std::lock_guard lock(m_mutex);
    if (m_broken) return std::nullopt;
    std::string key;
    for (const auto& word : command) key += word + '\0';
    auto found = m_kept.find(key);
    if (found == m_kept.end()) {
      make_room();
      std::optional<Kept> started = start(command, environment);
      if (!started) {
        m_broken = true;  // not here: every probe of the run gets a bubblewrap of its own
        return std::nullopt;
      }
      started->tree = tree;
      found = m_kept.emplace(key, std::move(*started)).first;
    }
    found->second.last_used = ++m_uses;
    return found->second.socket;
  }

  bool holds(pid_t pid) {
    const std::lock_guard lock(m_mutex);
    return std::any_of(m_kept.begin(), m_kept.end(), [pid](const auto& kept) { return kept.second.bwrap == pid; });
  }

 private:
  using Entry = std::map<std::string, Kept>::iterator;

  /// Ends the sandboxes of work trees that are gone, then the least recently
  /// used one when all places are taken.
  void make_room() {
    for (auto at = m_kept.begin(); at != m_kept.end();) {
      std::error_code error;
      at = fs::exists(at->second.tree, error) ? std::next(at) : end(at);
    }
    if (m_kept.size() < kMostKept) return;
    end(std::min_element(m_kept.begin(), m_kept.end(),
                         [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; }));
  }

  Entry end(Entry kept) {
    ::close(kept->second.lifeline);
    ::kill(kept->second.bwrap, SIGKILL);
    ::waitpid(kept->second.bwrap, nullptr, 0);
    ::unlink(kept->second.socket.c_str());
    return m_kept.erase(kept);
  }

  std::string next_socket_path() {
    if (m_folder.empty()) {
      std::string pattern = (fs::temp_directory_path() / "labs-sandbox-XXXXXX").string();
      if (!::mkdtemp(pattern.data())) return "";
      m_folder = pattern;
    }
    return m_folder + "/" + std::to_string(++m_started) + ".socket";
  }

  int listen_at(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof address.sun_path) return -1;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int listening = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listening >= 0 && ::bind(listening, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
        ::listen(listening, 128) == 0)
      return high_copy(listening);
    if (listening >= 0) ::close(listening);
    return -1;
  }

  std::optional<Kept> start(const std::vector<std::string>& command, const std::vector<std::string>& environment) {
    Kept kept;
    kept.socket = next_socket_path();
    const int listening = listen_at(kept.socket);
    int lifeline[2] = {-1, -1}, ready[2] = {-1, -1};
    if (listening < 0 || ::pipe2(lifeline, O_CLOEXEC) != 0 || ::pipe2(ready, O_CLOEXEC) != 0) {
      // Out of descriptors, most likely: leave none behind.
      for (int fd : {listening, lifeline[0], lifeline[1]}) {
        if (fd >= 0) ::close(fd);
      }
      ::unlink(kept.socket.c_str());
      return std::nullopt;
    }
    const int child_fds[3] = {listening, high_copy(lifeline[0]), high_copy(ready[1])};
    kept.lifeline = lifeline[1];
    kept.bwrap = spawn(command, environment, child_fds);
    for (int fd : child_fds) ::close(fd);
    char said = 0;
    pollfd waiting{ready[0], POLLIN, 0};
    const bool is_ready = kept.bwrap > 0 && ::poll(&waiting, 1, kReadyMilliseconds) == 1 &&
                          ::read(ready[0], &said, 1) == 1 && said == 'R';
    ::close(ready[0]);
    if (is_ready) return kept;
    ::close(kept.lifeline);
    if (kept.bwrap > 0) ::kill(kept.bwrap, SIGKILL), ::waitpid(kept.bwrap, nullptr, 0);
    ::unlink(kept.socket.c_str());
    return std::nullopt;
  }

  /// bubblewrap in a session of its own (a Ctrl-C at the terminal reaches
  /// labs, which ends the sandbox by closing the lifeline).
  static pid_t spawn(const std::vector<std::string>& command, const std::vector<std::string>& environment,
                     const int (&fds)[3]) {
    std::vector<char*> argv, envp;
    for (const auto& word : command) argv.push_back(const_cast<char*>(word.c_str()));
    for (const auto& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (int fd = 0; fd < 3; ++fd) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
    for (int at = 0; at < 3; ++at) posix_spawn_file_actions_adddup2(&actions, fds[at], 3 + at);
    // Nothing else: a pipe another thread opened for its probe would stay
    // open as long as the sandbox, and that probe's output would never end.
    posix_spawn_file_actions_addclosefrom_np(&actions, 6);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid = 0;
    const int failed = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return failed ? -1 : pid;
  }

  std::mutex m_mutex;
  std::map<std::string, Kept> m_kept;
  std::string m_folder;
  std::uint64_t m_uses = 0;
  std::uint64_t m_started = 0;
  bool m_broken = false;
};

KeptSandboxes& kept_sandboxes() {
  static KeptSandboxes sandboxes;
  return sandboxes;
}

}  // namespace

void end_kept_sandboxes() { kept_sandboxes().end_all(); }

const fs::path& probe_launcher() {
  static const fs::path launcher = [] {
    const fs::path beside = fs::path(labs_executable()).parent_path() / "labs-probe-launcher";
    return ::access(beside.c_str(), X_OK) == 0 ? beside : fs::path();
  }();
  return launcher;
}

std::optional<std::string> kept_sandbox_socket(const std::vector<std::string>& bwrap_command, const fs::path& tree,
                                               const std::vector<std::string>& environment) {
  return kept_sandboxes().socket_for(bwrap_command, tree, environment);
}

bool is_kept_sandbox(pid_t pid) { return kept_sandboxes().holds(pid); }

}  // namespace labkit
