// Boost.Process 1.74 compiles its vfork path only for pre-2008 POSIX feature
// macros, though glibc has vfork(). Forking a process the size of labs copies
// its page tables and made each probe cost 3 ms; vfork shares them until exec.
#define BOOST_POSIX_HAS_VFORK 1

#include <labs/process/process.hpp>

#include <labs/process/command_line.hpp>
#include <labs/process/probe_env.hpp>

#include "process/process_tree.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process.hpp>
#include <boost/process/posix.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <csignal>
#include <functional>

namespace labkit {

namespace bp = boost::process;
namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {

constexpr auto kKillGrace = std::chrono::seconds(2);

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

/// Kills the probe's process group, then whatever left the group but still
/// carries the marker.
void kill_tree(pid_t group, const std::string& marker) {
  ::kill(-group, SIGKILL);
  sweep(marker, group);
}

/// Ctrl-C (or a SIGTERM from CI) must not leave the probe's tree running.
/// The group hears the signal first, so that what cleans up after itself
/// can (a child labs of labs grade removes its scratch copy), and the tree is
/// ended kKillGrace later if it has not gone. The signal is kept in
/// `interrupted_by` so that it can end labs once the tree is gone.
void end_tree_on_interrupt(asio::signal_set& interrupts, asio::steady_timer& grace, pid_t group,
                           std::chrono::milliseconds grace_time, std::function<void()> end_tree, int& interrupted_by) {
  interrupts.async_wait(
      [&, group, grace_time, end_tree = std::move(end_tree)](const boost::system::error_code& error, int signal) {
        if (error) return;
        interrupted_by = signal;
        ::kill(-group, signal);
        grace.expires_after(grace_time);
        grace.async_wait([end_tree](const boost::system::error_code& gone) {
          if (!gone) end_tree();
        });
      });
}

/// A probe past its time gets SIGTERM first, so that it can clean up, and
/// `end_tree` only when it is still running kKillGrace later.
void end_tree_at_deadline(asio::steady_timer& deadline, std::chrono::milliseconds timeout, pid_t group,
                          std::function<void()> end_tree, bool& timed_out) {
  deadline.expires_after(timeout);
  deadline.async_wait([&, group, end_tree = std::move(end_tree)](const boost::system::error_code& error) {
    if (error) return;
    timed_out = true;
    ::kill(-group, SIGTERM);
    deadline.expires_after(kKillGrace);
    deadline.async_wait([end_tree](const boost::system::error_code& late) {
      if (late) return;
      end_tree();
    });
  });
}

/// Lets the signal that interrupted a probe end labs itself, as it would have
/// had no probe been running (exit 130 for Ctrl-C).
void raise_again(int signal) {
  run_interrupt_cleanups();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void record_exit_status(int status, ProcessResult& result) {
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
}

}  // namespace

ProcessResult run_process(const ProcessRequest& request) {
  become_subreaper();
  const ProcessUnderWay under_way;
  ProcessResult result;
  const auto started = steady_clock::now();
  const std::string marker = next_marker();
  const Launch launch = launch_for(request);
  if (!launch.refusal.empty()) {
    result.launch_error = launch.refusal;
    return result;
  }
  const bp::environment environment = marked_environment(launch.environment, marker);

  asio::io_context io;
  bp::async_pipe out_pipe(io), err_pipe(io);
  CappedOutput out(request.output_cap), err(request.output_cap);
  asio::steady_timer deadline(io);
  asio::signal_set interrupts(io, SIGINT, SIGTERM, SIGHUP);
  // Both pipes at their end and the child reaped: then the deadline is moot.
  int pending = 3;
  asio::steady_timer grace(io);
  const auto one_done = [&] {
    if (--pending == 0) {
      deadline.cancel();
      interrupts.cancel();
      grace.cancel();
    }
  };
  PipeReader out_reader(out_pipe, out, one_done);
  PipeReader err_reader(err_pipe, err, one_done);
  pid_t group = 0;

  bp::child child;
  try {
    child = bp::child(
        bp::exe = launch.program, bp::args = launch.arguments, bp::env = environment,
        bp::start_dir = request.directory.string(), bp::std_in<bp::null, bp::std_out> out_pipe, bp::std_err > err_pipe,
        io, NewProcessGroup{}, launch.limits, bp::posix::use_vfork, bp::on_exit = [&](int, const std::error_code&) {
          // The probe is done: whatever it left running goes too.
          kill_tree(group, marker);
          one_done();
        });
  } catch (const bp::process_error& error) {
    result.launch_error = error.what();
    return result;
  }
  group = child.id();
  out_reader.start();
  err_reader.start();

  const auto end_tree = [&] {
    kill_tree(group, marker);
    // A descendant that cleared its environment may still hold the pipes.
    out_pipe.close();
    err_pipe.close();
  };
  int interrupted_by = 0;
  // A child labs (labs grade's) first ends its own probes, which may take their grace.
  const std::chrono::milliseconds grace_time = request.containment.learner_code ? kKillGrace : 3 * kKillGrace;
  end_tree_on_interrupt(interrupts, grace, group, grace_time, end_tree, interrupted_by);
  end_tree_at_deadline(deadline, request.timeout, group, end_tree, result.timed_out);

  io.run();
  child.wait();
  if (interrupted_by) raise_again(interrupted_by);
  record_exit_status(child.native_exit_code(), result);
  result.out = out.text();
  result.err = err.text();
  result.bytes_dropped = out.cut() + err.cut();
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started);
  return result;
}

std::string labs_executable() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? "labs" : self.string();
}

}  // namespace labkit
