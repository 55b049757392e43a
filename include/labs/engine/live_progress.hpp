#pragma once

#include <labs/engine/executor.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace labkit {

/// One status line on a terminal, redrawn while probes run: which items are
/// running and for how long. Draws nothing for items that end within a
/// moment, and nothing at all unless told the output is a terminal.
class LiveProgress final : public ProgressSink {
 public:
  explicit LiveProgress(std::FILE* terminal);
  ~LiveProgress() override;  ///< stops drawing and clears the line

  void started(const Lab& lab, const Item& item) override;
  void finished(const Lab& lab, const Item& item, Status status) override;

  /// Whether live progress belongs on this stream: a terminal, not in CI.
  static bool wanted(std::FILE* stream);

 private:
  void draw_loop();

  std::FILE* m_terminal;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::map<std::string, std::chrono::steady_clock::time_point> m_running;
  bool m_stop = false;
  bool m_drawn = false;
  std::thread m_drawer;
};

}  // namespace labkit
