#include <labs/process.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <functional>
#include <memory>

namespace labkit {

namespace bp = boost::process;
namespace asio = boost::asio;
using std::chrono::steady_clock;

namespace {

constexpr auto kKillGrace = std::chrono::seconds(2);

/// Puts the child in a process group of its own, so a timeout can end the
/// whole tree it starts, not just the shell.
struct NewProcessGroup : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
  }
};

/// Reads one pipe to its end, keeping at most `cap` bytes.
class CappedReader {
 public:
  CappedReader(bp::async_pipe& pipe, std::string& sink, std::size_t cap, std::size_t& dropped,
               std::function<void()> on_end)
      : m_pipe(pipe), m_sink(sink), m_cap(cap), m_dropped(dropped), m_on_end(std::move(on_end)) {}

  void start() {
    m_pipe.async_read_some(asio::buffer(m_buffer), [this](const boost::system::error_code& error, std::size_t size) {
      const std::size_t room = m_cap > m_sink.size() ? m_cap - m_sink.size() : 0;
      m_sink.append(m_buffer.data(), std::min(size, room));
      if (size > room) m_dropped += size - room;
      if (error) {
        m_on_end();
      } else {
        start();
      }
    });
  }

 private:
  bp::async_pipe& m_pipe;
  std::string& m_sink;
  std::size_t m_cap;
  std::size_t& m_dropped;
  std::function<void()> m_on_end;
  std::array<char, 16384> m_buffer{};
};

}  // namespace

ProcessResult run_process(const ProcessRequest& request) {
  ProcessResult result;
  const auto started = steady_clock::now();
  asio::io_context io;
  bp::async_pipe out_pipe(io), err_pipe(io);
  asio::steady_timer deadline(io);
  // Both pipes at their end and the child reaped: then the deadline is moot.
  int pending = 3;
  asio::signal_set* interrupts_ptr = nullptr;
  const auto one_done = [&] {
    if (--pending == 0) {
      deadline.cancel();
      if (interrupts_ptr) interrupts_ptr->cancel();
    }
  };
  CappedReader out_reader(out_pipe, result.out, request.output_cap, result.bytes_dropped, one_done);
  CappedReader err_reader(err_pipe, result.err, request.output_cap, result.bytes_dropped, one_done);
  pid_t group = 0;

  bp::child child;
  try {
    child = bp::child(bp::exe = "/bin/sh", bp::args = {"-c", request.command},
                      bp::start_dir = request.directory.string(), bp::std_in<bp::null, bp::std_out> out_pipe,
                      bp::std_err > err_pipe, io, NewProcessGroup{},
                      bp::on_exit = [&](int, const std::error_code&) {
                        // The probe is done: whatever it left running in its group goes too.
                        ::kill(-group, SIGKILL);
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
  // end the group, then let the signal end labs itself (exit 130 for Ctrl-C).
  int interrupted_by = 0;
  asio::signal_set interrupts(io, SIGINT, SIGTERM);
  interrupts_ptr = &interrupts;
  interrupts.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    interrupted_by = signal;
    ::kill(-group, SIGKILL);
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
      // A descendant that left the group may still hold the pipes open.
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
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started);
  return result;
}

}  // namespace labkit
