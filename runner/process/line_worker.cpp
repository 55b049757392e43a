// A helper process spoken to line by line, with a time limit on each answer:
// labs grade keeps one `labs verify --worker` per grading thread instead of
// starting labs (and loading the labs) once per learner.
#include <labs/process/line_worker.hpp>

#include <labs/base/atomic_file.hpp>

#include "process/process_tree.hpp"

#include <boost/process.hpp>

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace labkit {

namespace bp = boost::process;
using std::chrono::steady_clock;

namespace {

/// The helper must not outlive the thread that started it (and so labs).
struct DieWithParent : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  }
};

}  // namespace

struct LineWorker::Running {
  bp::pipe requests, answers;
  bp::child child;
  std::string unread;  ///< bytes after the last answer line
};

LineWorker::LineWorker(std::vector<std::string> argv, std::filesystem::path directory,
                       std::vector<std::string> environment, std::size_t recycle_after)
    : m_argv(std::move(argv)),
      m_directory(std::move(directory)),
      m_environment(std::move(environment)),
      m_recycle_after(recycle_after) {}

LineWorker::~LineWorker() { stop(); }

void LineWorker::stop() {
  if (!m_running) return;
  // Idle between asks, or not answering: either way nothing of it is wanted.
  ::kill(-m_running->child.id(), SIGKILL);
  std::error_code ignored;
  m_running->child.wait(ignored);
  m_running.reset();
}

std::string LineWorker::end_reason() {
  std::error_code ignored;
  m_running->child.wait(ignored);
  const int status = m_running->child.native_exit_code();
  m_running.reset();
  if (WIFSIGNALED(status)) return fmt::format("it was ended by signal {} (a resource limit?)", WTERMSIG(status));
  return fmt::format("it exited with {} without answering", WEXITSTATUS(status));
}

LineWorker::Answer LineWorker::ask(const std::string& request, std::chrono::milliseconds timeout) {
  if (m_running && m_recycle_after && m_answered >= m_recycle_after) stop();
  if (!m_running) {
    m_answered = 0;
    auto running = std::make_unique<Running>();
    const bp::environment environment = boost_environment(m_environment);
    const std::string& program = m_argv.front();
    const boost::filesystem::path executable =
        program.find('/') == std::string::npos ? bp::search_path(program) : program;
    if (executable.empty()) return {std::nullopt, fmt::format("could not start {}: not found on PATH", program)};
    try {
      running->child = bp::child(bp::exe = executable, bp::args = std::vector(m_argv.begin() + 1, m_argv.end()),
                                 bp::env = environment, bp::start_dir = m_directory.string(),
                                 bp::std_in<running->requests, bp::std_out> running->answers, bp::std_err > bp::null,
                                 NewProcessGroup{}, DieWithParent{});
    } catch (const bp::process_error& error) {
      return {std::nullopt, fmt::format("could not start {}: {}", program, error.what())};
    }
    m_running = std::move(running);
  }
  if (!write_all(m_running->requests.native_sink(), request + '\n')) return {std::nullopt, end_reason()};
  const auto deadline = steady_clock::now() + timeout;
  for (;;) {
    if (const auto newline = m_running->unread.find('\n'); newline != std::string::npos) {
      std::string line = m_running->unread.substr(0, newline);
      m_running->unread.erase(0, newline + 1);
      ++m_answered;
      return {std::move(line), ""};
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
    pollfd readable{m_running->answers.native_source(), POLLIN, 0};
    const int ready = left.count() > 0 ? ::poll(&readable, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      stop();
      return {std::nullopt, "no answer in time", true};
    }
    char buffer[4096];
    const ssize_t size = ::read(m_running->answers.native_source(), buffer, sizeof buffer);
    if (size < 0 && errno == EINTR) continue;
    if (size <= 0) return {std::nullopt, end_reason()};
    m_running->unread.append(buffer, static_cast<std::size_t>(size));
  }
}

}  // namespace labkit
