#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// A long-lived helper process asked one line at a time: a request line on
/// its stdin, an answer line on its stdout. It is started on the first ask
/// and again after it failed; a helper that does not answer in time is
/// killed. It gets no stderr, dies with labs, and ends when its stdin closes.
class LineWorker {
 public:
  /// `argv` is run as is (no shell; a bare program name is looked up on PATH)
  /// in `directory`, with exactly `environment`; a fresh helper takes over
  /// after `recycle_after` answers (0: never), which bounds what its leaks cost.
  LineWorker(std::vector<std::string> argv, std::filesystem::path directory, std::vector<std::string> environment,
             std::size_t recycle_after = 0);
  ~LineWorker();
  LineWorker(const LineWorker&) = delete;
  LineWorker& operator=(const LineWorker&) = delete;

  struct Answer {
    std::optional<std::string> line;  ///< none when the helper died, timed out or could not start
    std::string problem;              ///< then: why
    bool timed_out = false;
  };
  Answer ask(const std::string& request, std::chrono::milliseconds timeout);

 private:
  void stop();
  std::string end_reason();  ///< after it closed its answers: how it ended

  struct Running;
  std::vector<std::string> m_argv;
  std::filesystem::path m_directory;
  std::vector<std::string> m_environment;
  std::size_t m_recycle_after;
  std::size_t m_answered = 0;
  std::unique_ptr<Running> m_running;
};

}  // namespace labkit
