#pragma once
// What the one-shot probe runner and long-running services share: a process
// group per probe, labs as subreaper, and a marker in the environment that
// finds descendants which left the group.

#include <labs/process/process.hpp>
#include <labs/process/sandbox.hpp>

#include <boost/process/environment.hpp>
#include <boost/process/extend.hpp>

#include <sys/resource.h>

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstddef>
#include <string>
#include <vector>

namespace labkit {

/// Puts the child in a process group of its own, so one signal reaches the
/// whole tree it starts (unless a descendant leaves the group: see sweep).
struct NewProcessGroup : boost::process::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    // Pipes another thread opened for its own probe must not leak into this
    // one: a long probe holding them would keep the other's output open. The
    // child's stdio is already in place (this handler comes after it).
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
      for (int fd = 3; fd < 4096; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    ::setpgid(0, 0);
    // labs ignores SIGPIPE (see ignore_broken_pipes) and SIGXFSZ (see run);
    // learner code gets the defaults.
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGXFSZ, SIG_DFL);
  }
  // Boost.Process 1.74 can only vfork (see run_process) when some handler
  // takes launch errors; they are reported by the child's constructor anyway.
  template <typename Executor>
  void on_error(Executor&, const std::error_code&) const {}
};

/// The probe's resource limits (see ProbeLimits), set in the child before it
/// starts the probe, so every process the probe starts inherits them. A core
/// dump of learner code would only fill the work tree.
struct ResourceLimits : boost::process::extend::handler {
  ProbeLimits limits;
  rlim_t cpu_seconds = RLIM_INFINITY;
  bool active = false;  ///< learner code only: the container engine gets none

  template <typename Executor>
  void on_exec_setup(Executor&) const {
    if (!active) return;
    const auto set = [](int resource, rlim_t value) {
      const rlimit limit{value, value};
      ::setrlimit(resource, &limit);
    };
    set(RLIMIT_AS, limits.memory_bytes);
    set(RLIMIT_NPROC, limits.processes);
    set(RLIMIT_FSIZE, limits.file_bytes);
    set(RLIMIT_CPU, cpu_seconds);
    set(RLIMIT_CORE, 0);
  }
  template <typename Executor>
  void on_error(Executor&, const std::error_code&) const {}
};

/// What to start for a request: the program itself when the shell would do
/// nothing but start it, else /bin/sh -c; inside bubblewrap for learner code
/// when the run is sandboxed. `refusal` is set when it must not start.
struct Launch {
  std::string program;
  std::vector<std::string> arguments;
  std::vector<std::string> environment;
  ResourceLimits limits;
  std::string refusal;
};
Launch launch_for(const ProcessRequest& request, bool through_shell = false);

/// A server that closes its connection, or a reader that goes away, must
/// give labs an error to report, not kill it with SIGPIPE.
void ignore_broken_pipes();

/// Orphans of a probe (a daemon that double-forked, a setsid'd grandchild)
/// are re-parented to labs rather than to init, so they stay findable. Also
/// starts a guardian process that ends the run's probes should labs itself
/// be killed with SIGKILL or crash.
void become_subreaper();

/// While one lives, a run_process is under way: an interrupt is then that
/// run's to handle (the child hears it first and gets its grace), not the
/// watcher's, which would kill the child at once.
class ProcessUnderWay {
 public:
  ProcessUnderWay();
  ~ProcessUnderWay();
  ProcessUnderWay(const ProcessUnderWay&) = delete;
  ProcessUnderWay& operator=(const ProcessUnderWay&) = delete;
};

/// A fresh marker, "<pid>-<n>".
std::string next_marker();

/// A Boost.Process environment from NAME=VALUE entries.
boost::process::environment boost_environment(const std::vector<std::string>& entries);

/// The probe's environment from NAME=VALUE entries, plus LABS_PROBE_ID: the
/// marker chain labs itself was started with, extended by `marker`.
boost::process::environment marked_environment(const std::vector<std::string>& entries, const std::string& marker);

/// Kills every process that carries the marker, until none is left. `probe`
/// (the probe's own shell) is only killed: Boost.Process reaps it.
void sweep(const std::string& marker, pid_t probe);

/// Keeps the first and the last half of the cap; counts what falls between.
class CappedOutput {
 public:
  explicit CappedOutput(std::size_t cap) : m_half(cap / 2) {}
  void append(const char* data, std::size_t size);
  std::size_t cut() const { return m_cut; }
  std::string text() const;

 private:
  std::size_t m_half;
  std::string m_head, m_tail;
  std::size_t m_cut = 0;
};

}  // namespace labkit
