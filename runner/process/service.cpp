#include <labs/base/text_match.hpp>
#include <labs/process/service.hpp>

#include "process/process_tree.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/process.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace labkit {

namespace bp = boost::process;
namespace asio = boost::asio;

namespace {

constexpr auto kStopGrace = std::chrono::seconds(2);
constexpr std::size_t kOutputCap = 1 << 20;

}  // namespace

struct Service::State {
  asio::io_context io;
  bp::async_pipe pipe{io};
  bp::child child;
  std::string marker;
  pid_t group = 0;
  std::thread reader;
  mutable std::mutex mutex;
  std::condition_variable exited_signal;
  bool exited = false;
  int status = 0;
  bool stopped = false;
  CappedOutput output{kOutputCap};
  std::array<char, 16384> buffer{};

  void read_more() {
    pipe.async_read_some(asio::buffer(buffer), [this](const boost::system::error_code& error, std::size_t size) {
      {
        std::lock_guard lock(mutex);
        output.append(buffer.data(), size);
      }
      if (!error) read_more();
    });
  }
};

std::unique_ptr<Service> Service::start(const ProcessRequest& request, std::string& error) {
  become_subreaper();
  auto state = std::make_unique<State>();
  State* s = state.get();
  s->marker = next_marker();
  const Launch launch = launch_for(request, true);
  if (!launch.refusal.empty()) {
    error = launch.refusal;
    return nullptr;
  }
  try {
    // stdout and stderr share one pipe, so the last lines read in order.
    s->child = bp::child(
        bp::exe = launch.program, bp::args = launch.arguments,
        bp::env = marked_environment(launch.environment, s->marker), bp::start_dir = request.directory.string(),
        bp::std_in<bp::null, (bp::std_out & bp::std_err)> s->pipe, s->io, NewProcessGroup{}, launch.limits,
        bp::on_exit = [s](int, const std::error_code&) {
          std::lock_guard lock(s->mutex);
          s->exited = true;
          s->status = s->child.native_exit_code();
          s->exited_signal.notify_all();
        });
  } catch (const bp::process_error& e) {
    error = e.what();
    return nullptr;
  }
  s->group = s->child.id();
  s->read_more();
  s->reader = std::thread([s] { s->io.run(); });
  return std::unique_ptr<Service>(new Service(std::move(state)));
}

Service::Service(std::unique_ptr<State> state) : m_state(std::move(state)) {}

Service::~Service() { stop(); }

bool Service::running() const {
  std::lock_guard lock(m_state->mutex);
  return !m_state->exited;
}

std::string Service::how_it_ended() const {
  std::lock_guard lock(m_state->mutex);
  if (!m_state->exited) return "";
  if (WIFSIGNALED(m_state->status)) return "was killed by signal " + std::to_string(WTERMSIG(m_state->status));
  return "exited with " + std::to_string(WEXITSTATUS(m_state->status));
}

std::string Service::last_output(std::size_t lines) const {
  std::lock_guard lock(m_state->mutex);
  return last_lines(m_state->output.text(), lines);
}

void Service::stop() {
  State& s = *m_state;
  if (s.stopped) return;
  s.stopped = true;
  ::kill(-s.group, SIGTERM);
  {
    std::unique_lock lock(s.mutex);
    s.exited_signal.wait_for(lock, kStopGrace, [&] { return s.exited; });
  }
  ::kill(-s.group, SIGKILL);
  sweep(s.marker, s.group);
  // A descendant that escaped the sweep may hold the pipe: close our end.
  asio::post(s.io, [&s] {
    boost::system::error_code ignored;
    s.pipe.close(ignored);
  });
  if (s.reader.joinable()) s.reader.join();
  std::error_code ignored;
  s.child.wait(ignored);
}

}  // namespace labkit
