#include <labs/process.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>

namespace labkit {

namespace bp = boost::process;
namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {

constexpr auto kKillGrace = std::chrono::seconds(2);
constexpr const char* kMarker = "LABS_PROBE_ID=";

/// Puts the child in a process group of its own, so one signal reaches the
/// whole tree it starts (unless a descendant leaves the group: see sweep).
struct NewProcessGroup : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
  }
};

/// Orphans of a probe (a daemon that double-forked, a setsid'd grandchild)
/// are re-parented to labs rather than to init, so they stay findable.
void become_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1); });
}

template <typename Visit>
void for_each_process(Visit visit) {
  DIR* proc = ::opendir("/proc");
  if (!proc) return;
  while (const dirent* entry = ::readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (*end == '\0' && pid > 0 && pid != ::getpid()) visit(static_cast<pid_t>(pid));
  }
  ::closedir(proc);
}

pid_t parent_of(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');  // the name may hold spaces and parentheses
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 2));
  char state;
  pid_t parent = 0;
  rest >> state >> parent;
  return parent;
}

bool carries_marker(pid_t pid, const std::string& marker) {
  std::ifstream environ("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  for (std::string entry; std::getline(environ, entry, '\0');) {
    if (entry == marker) return true;
  }
  return false;
}

void kill_and_reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  // Our own child (re-parented to us as subreaper) must be reaped, not left a zombie.
  if (parent_of(pid) == ::getpid()) ::waitpid(pid, nullptr, 0);
}

/// Kills every process that carries this probe's marker, until none is left
/// (a fork loop may add some while the first pass runs). The probe's own
/// shell is only killed: Boost.Process reaps it and reads its status.
void sweep(const std::string& marker, pid_t probe) {
  for (int pass = 0; pass < 10; ++pass) {
    bool found = false;
    for_each_process([&](pid_t pid) {
      if (pid == probe) {
        ::kill(pid, SIGKILL);
      } else if (carries_marker(pid, marker)) {
        found = true;
        kill_and_reap(pid);
      }
    });
    if (!found) return;
  }
}

/// Keeps the first and the last half of the cap; counts what falls between.
class CappedOutput {
 public:
  explicit CappedOutput(std::size_t cap) : m_half(cap / 2) {}
  void append(const char* data, std::size_t size) {
    const std::size_t to_head = std::min(size, m_half - std::min(m_half, m_head.size()));
    m_head.append(data, to_head);
    m_tail.append(data + to_head, size - to_head);
    if (m_tail.size() > m_half) {
      m_cut += m_tail.size() - m_half;
      m_tail.erase(0, m_tail.size() - m_half);
    }
  }
  std::size_t cut() const { return m_cut; }
  std::string text() const {
    if (m_cut == 0) return m_head + m_tail;
    return m_head + "\n[… labs cut " + std::to_string(m_cut) + " bytes of output here …]\n" + m_tail;
  }

 private:
  std::size_t m_half;
  std::string m_head, m_tail;
  std::size_t m_cut = 0;
};

/// Reads one pipe to its end into a CappedOutput.
class PipeReader {
 public:
  PipeReader(bp::async_pipe& pipe, CappedOutput& sink, std::function<void()> on_end)
      : m_pipe(pipe), m_sink(sink), m_on_end(std::move(on_end)) {}

  void start() {
    m_pipe.async_read_some(asio::buffer(m_buffer), [this](const boost::system::error_code& error, std::size_t size) {
      m_sink.append(m_buffer.data(), size);
      if (error) {
        m_on_end();
      } else {
        start();
      }
    });
  }

 private:
  bp::async_pipe& m_pipe;
  CappedOutput& m_sink;
  std::function<void()> m_on_end;
  std::array<char, 16384> m_buffer{};
};

std::string next_marker() {
  static std::atomic<unsigned> counter{0};
  return kMarker + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace

ProcessResult run_process(const ProcessRequest& request) {
  become_subreaper();
  ProcessResult result;
  const auto started = steady_clock::now();
  const std::string marker = next_marker();
  bp::environment environment;
  for (const auto& entry : request.environment) {
    const auto equals = entry.find('=');
    if (equals != std::string::npos) environment[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  environment[std::string(kMarker, std::strlen(kMarker) - 1)] = marker.substr(std::strlen(kMarker));

  asio::io_context io;
  bp::async_pipe out_pipe(io), err_pipe(io);
  CappedOutput out(request.output_cap), err(request.output_cap);
  asio::steady_timer deadline(io);
  asio::signal_set interrupts(io, SIGINT, SIGTERM);
  // Both pipes at their end and the child reaped: then the deadline is moot.
  int pending = 3;
  const auto one_done = [&] {
    if (--pending == 0) {
      deadline.cancel();
      interrupts.cancel();
    }
  };
  PipeReader out_reader(out_pipe, out, one_done);
  PipeReader err_reader(err_pipe, err, one_done);
  pid_t group = 0;

  bp::child child;
  try {
    child = bp::child(bp::exe = "/bin/sh", bp::args = {"-c", request.command}, bp::env = environment,
                      bp::start_dir = request.directory.string(), bp::std_in<bp::null, bp::std_out> out_pipe,
                      bp::std_err > err_pipe, io, NewProcessGroup{},
                      bp::on_exit = [&](int, const std::error_code&) {
                        // The probe is done: whatever it left running goes too.
                        ::kill(-group, SIGKILL);
                        sweep(marker, group);
                        one_done();
                      });
  } catch (const bp::process_error& error) {
    result.launch_error = error.what();
    return result;
  }
  group = child.id();
  out_reader.start();
  err_reader.start();

  // Ctrl-C (or a SIGTERM from CI) must not leave the probe's tree running:
  // end it, then let the signal end labs itself (exit 130 for Ctrl-C).
  int interrupted_by = 0;
  interrupts.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    interrupted_by = signal;
    ::kill(-group, SIGKILL);
    sweep(marker, group);
    out_pipe.close();
    err_pipe.close();
  });

  deadline.expires_after(request.timeout);
  deadline.async_wait([&](const boost::system::error_code& error) {
    if (error) return;
    result.timed_out = true;
    ::kill(-group, SIGTERM);
    deadline.expires_after(kKillGrace);
    deadline.async_wait([&](const boost::system::error_code& late) {
      if (late) return;
      ::kill(-group, SIGKILL);
      sweep(marker, group);
      // A descendant that cleared its environment may still hold the pipes.
      out_pipe.close();
      err_pipe.close();
    });
  });

  io.run();
  child.wait();
  if (interrupted_by) {
    std::signal(interrupted_by, SIG_DFL);
    std::raise(interrupted_by);
  }
  const int status = child.native_exit_code();
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.out = out.text();
  result.err = err.text();
  result.bytes_dropped = out.cut() + err.cut();
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started);
  return result;
}

void end_leftover_processes() {
  // Orphans re-parented to labs; kill them leaves-first is not needed, since
  // their own orphans come back to labs and the loop repeats.
  for (int pass = 0; pass < 10; ++pass) {
    bool found = false;
    for_each_process([&](pid_t pid) {
      if (parent_of(pid) == ::getpid()) {
        found = true;
        kill_and_reap(pid);
      }
    });
    if (!found) return;
  }
}

}  // namespace labkit
