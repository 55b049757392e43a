#pragma once

#include <labs/process/process.hpp>

#include <memory>
#include <string>

namespace labkit {

/// A long-running learner process (an API server) started for the steps
/// that probe it. Its output is captured (capped) in the background; when
/// the Service is stopped or destroyed its whole process tree is ended.
class Service {
 public:
  /// nullptr with `error` set when it cannot be started. `request.timeout`
  /// is not used: a service runs until stopped.
  static std::unique_ptr<Service> start(const ProcessRequest& request, std::string& error);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  bool running() const;
  /// How it ended, for messages: "exited with 1", "killed by signal 9", "".
  std::string how_it_ended() const;
  /// The last lines of its stdout and stderr, merged.
  std::string last_output(std::size_t lines) const;
  /// SIGTERM to its group, SIGKILL after a grace period, then every
  /// descendant carrying its marker. Safe to call twice.
  void stop();

 private:
  struct State;
  explicit Service(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

}  // namespace labkit
