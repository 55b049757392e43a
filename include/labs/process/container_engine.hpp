#pragma once
// The container engine probes build and run on: a reachable Docker daemon,
// else Podman. It is the system's (never a `docker` of the learner's
// virtualenv) and runs outside bubblewrap: it cannot work in a user
// namespace, and the learner's code runs in its containers.

#include <labs/process/process.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace labkit {

class ContainerEngine {
 public:
  ContainerEngine(std::string command, const std::filesystem::path& directory);

  const std::string& name() const { return m_command; }  ///< "docker" or "podman"
  bool found() const { return !m_command.empty(); }
  /// What the engine's tools need from the runner's environment (no secret).
  const std::vector<std::string>& environment() const { return m_environment; }

  /// Runs `name arguments` through the shell in the engine's folder.
  ProcessResult run(const std::string& arguments, std::chrono::milliseconds timeout = std::chrono::seconds(60)) const;

  /// Removes the containers and images (also a failed build's intermediate
  /// ones) labelled labs.probe=`probe`, at once (no SIGTERM grace).
  void remove(const std::string& probe) const;
  /// Removes what a Compose project made: containers, volumes and networks
  /// labelled with its name (docker-compose and podman-compose both label them).
  void remove_compose_project(const std::string& project) const;
  /// Containers and images of an earlier labs on this host that was killed
  /// before it could clean up (its process is gone).
  void remove_stale() const;

 private:
  std::string m_command;
  std::filesystem::path m_directory;
  std::vector<std::string> m_environment;
};

/// A reachable Docker daemon first (the learner's usual tool), else Podman;
/// an engine that is not found() when neither answers. Stale probes of a
/// killed labs are removed the first time.
ContainerEngine detect_container_engine(const std::filesystem::path& directory);

/// Whether a failed engine command failed for the engine's own reasons (its
/// runtime could not make namespaces or cgroups, its network helper or the
/// daemon failed) rather than the project's: such a result is the
/// machine's `error`, never the learner's `fail`, and is never cached.
bool is_engine_failure(const ProcessResult& result);

/// A name for what one probe creates, unique on this host and across hosts
/// sharing a daemon: labs-probe-HOST-PID-N.
std::string probe_container_name(unsigned number);

}  // namespace labkit
