// `labs-probe-launcher serve UID GID`, inside the run's bubblewrap
// sandbox, with fd 3 a listening socket, fd 4 labs' lifeline (its end of
// file means labs is gone) and fd 5 where it says it is ready.
//
// Per connection a session process: it takes the probe request, makes a new
// pid and mount namespace, and starts in it a reaper (pid 1 there) that
// mounts the probe's own /proc, enters a user namespace where it is UID:GID,
// and starts the probe with no capability left. When the reaper ends, the kernel kills whatever the probe
// left behind; when the client goes (labs killed it), the session kills the
// reaper. So each probe is contained as a bubblewrap of its own would contain
// it, at the cost of three forks instead of a whole sandbox.
#include "launcher/launcher.hpp"
#include "launcher/protocol.hpp"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace launcher {

namespace {

constexpr int kListening = 3;
constexpr int kLifeline = 4;
constexpr int kReady = 5;

volatile pid_t g_probe = 0;

/// What `serve` was told: who probes are.
struct Identity {
  const char* uid;
  const char* gid;
};

void pass_on(int signal) {
  if (g_probe > 0) ::kill(-g_probe, signal);
}

/// Everything the probe must not keep: ambient and bounding capabilities,
/// the effective and permitted sets, and the right to gain any by exec.
bool drop_capabilities() {
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) return false;
  for (int capability = 0; ::prctl(PR_CAPBSET_READ, capability, 0, 0, 0) >= 0; ++capability) {
    if (::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0) return false;
  }
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct none[2] = {};
  if (::syscall(SYS_capset, &header, none) != 0) return false;
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
}

/// A /proc of the probe's pid namespace, with the same read-only parts
/// bubblewrap protects: tools that read /proc/<their pid> find themselves.
bool mount_probe_proc() {
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) return false;
  for (const char* part : {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"}) {
    if (::access(part, F_OK) != 0) continue;
    if (::mount(part, part, nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
        ::mount(nullptr, part, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) !=
            0)
      return false;
  }
  return true;
}

/// Who the probe is: `uid` and `gid` inside a user namespace of its own,
/// mapped onto the sandbox's root. The sandbox's user namespace owns its
/// mounts, so the reaper could mount the probe's view; the probe's owns
/// nothing.
bool become_probe_user(const char* uid, const char* gid) {
  if (::unshare(CLONE_NEWUSER) != 0) return false;
  const auto write_file = [](const char* path, const std::string& text) {
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    const bool wrote = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    if (fd >= 0) ::close(fd);
    return wrote;
  };
  return write_file("/proc/self/setgroups", "deny") && write_file("/proc/self/uid_map", std::string(uid) + " 0 1\n") &&
         write_file("/proc/self/gid_map", std::string(gid) + " 0 1\n");
}

[[noreturn]] void fail(int report, int error) {
  // Should the session be gone, no one is left to tell.
  [[maybe_unused]] const ssize_t told = ::write(report, &error, sizeof error);
  ::_exit(kCannotStart);
}

[[noreturn]] void start_probe(const ProbeRequest& request, const int (&stdio)[3], int report) {
  ::setsid();
  for (int fd = 0; fd < 3; ++fd) {
    if (::dup2(stdio[fd], fd) < 0) fail(report, errno);
  }
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  if (::chdir(request.directory.c_str()) != 0) fail(report, errno);
  for (std::size_t i = 0; i < kLimitCount; ++i) ::setrlimit(kLimitedResources[i], &request.limits[i]);
  if (!drop_capabilities()) fail(report, errno);
  std::vector<char*> argv, envp;
  for (const auto& word : request.arguments) argv.push_back(const_cast<char*>(word.c_str()));
  for (const auto& entry : request.environment) envp.push_back(const_cast<char*>(entry.c_str()));
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  ::execve(argv[0], argv.data(), envp.data());
  fail(report, errno);
}

/// Pid 1 of the probe's namespace: starts the probe, passes signals on to
/// its process group, reaps orphans and ends with the probe's exit status.
[[noreturn]] void reap(const ProbeRequest& request, const int (&stdio)[3], int report, const Identity& identity) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (!mount_probe_proc() || !become_probe_user(identity.uid, identity.gid)) fail(report, errno);
  struct sigaction action {};
  action.sa_handler = pass_on;
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGQUIT}) ::sigaction(signal, &action, nullptr);
  const pid_t probe = ::fork();
  if (probe < 0) fail(report, errno);
  if (probe == 0) {
    for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD}) ::signal(signal, SIG_DFL);
    start_probe(request, stdio, report);
  }
  g_probe = probe;
  ::close_range(0, ~0U, 0);  // the probe's pipes end when the probe's tree does, not with us
  for (;;) {
    int status = 0;
    const pid_t ended = ::waitpid(-1, &status, 0);
    if (ended < 0 && errno != EINTR) ::_exit(kCannotStart);
    if (ended != probe) continue;
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
}

/// One probe, from its request to its exit status sent back.
[[noreturn]] void run_session(int connection, const Identity& identity) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::signal(SIGCHLD, SIG_DFL);
  std::string bytes;
  int stdio[3] = {-1, -1, -1};
  ProbeRequest request;
  if (!receive_request(connection, bytes, stdio) || !decode(bytes, request)) ::_exit(kUsageError);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0 || ::unshare(CLONE_NEWPID | CLONE_NEWNS) != 0) {
    send_message(connection, Message::exec_failed, errno);
    ::_exit(kCannotStart);
  }
  const pid_t reaper = ::fork();
  if (reaper == 0) {
    ::close(report[0]);
    reap(request, stdio, report[1], identity);
  }
  for (int fd : {stdio[0], stdio[1], stdio[2], report[1]}) ::close(fd);
  int error = 0;
  if (reaper < 0 || ::read(report[0], &error, sizeof error) == sizeof error) {
    send_message(connection, Message::exec_failed, reaper < 0 ? errno : error);
    if (reaper > 0) ::kill(reaper, SIGKILL);
    ::_exit(kCannotStart);
  }
  const int reaper_fd = static_cast<int>(::syscall(SYS_pidfd_open, reaper, 0));
  pollfd watched[2] = {{connection, POLLIN, 0}, {reaper_fd, POLLIN, 0}};
  for (;;) {
    if (::poll(watched, 2, -1) < 0 && errno != EINTR) break;
    if (watched[1].revents) break;
    if (!watched[0].revents) continue;
    Message kind{};
    std::int32_t number = 0;
    if (!receive_message(connection, kind, number)) break;  // labs killed the client
    if (kind == Message::signal) ::kill(reaper, number);
  }
  int status = 0;
  if (::waitpid(reaper, &status, WNOHANG) == 0) {
    ::kill(reaper, SIGKILL);
    ::waitpid(reaper, &status, 0);
  }
  send_message(connection, Message::exited, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  ::_exit(0);
}

}  // namespace

int serve(int argc, char** argv) {
  if (argc != 3) return kUsageError;
  const Identity identity{argv[1], argv[2]};
  for (int fd : {kListening, kLifeline}) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  ::signal(SIGCHLD, SIG_IGN);  // sessions are reaped by the kernel
  if (::write(kReady, "R", 1) != 1) return kCannotStart;
  ::close(kReady);
  pollfd watched[2] = {{kListening, POLLIN, 0}, {kLifeline, POLLIN, 0}};
  for (;;) {
    if (::poll(watched, 2, -1) < 0 && errno != EINTR) return kCannotStart;
    if (watched[1].revents) return 0;  // labs is gone: so is everything here
    if (!(watched[0].revents & POLLIN)) continue;
    const int connection = ::accept4(kListening, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    if (::fork() == 0) run_session(connection, identity);
    ::close(connection);
  }
}

}  // namespace launcher
