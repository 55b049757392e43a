#include <labs/process/container_engine.hpp>
#include <labs/process/probe_env.hpp>

#include <fmt/format.h>

#include <algorithm>

#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <mutex>
#include <set>
#include <sstream>

namespace labkit {

namespace {

constexpr std::string_view kNamePrefix = "labs-probe-";
/// What the engine CLIs need from the runner's environment (none of it secret).
const std::vector<std::string> kEngineVariables{"DOCKER_HOST",    "DOCKER_CONFIG",   "CONTAINERS_CONF",
                                                "CONTAINER_HOST", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME",
                                                "XDG_DATA_HOME"};

/// This host in a form fit for image names, so a daemon shared between
/// machines never sees one labs remove another's containers.
std::string host_tag() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  std::string tag;
  for (const char* c = name; *c && tag.size() < 24; ++c) {
    if (std::isalnum(static_cast<unsigned char>(*c)))
      tag += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  }
  return tag.empty() ? "host" : tag;
}

}  // namespace

ContainerEngine::ContainerEngine(std::string command, const std::filesystem::path& directory)
    : m_command(std::move(command)),
      m_directory(directory),
      m_environment(trusted_tool_environment(kEngineVariables)) {}

ProcessResult ContainerEngine::run(const std::string& arguments, std::chrono::milliseconds timeout) const {
  ProcessRequest request{m_command + " " + arguments, m_directory, timeout, 1 << 20, m_environment};
  request.containment.learner_code = false;
  return run_process(request);
}

void ContainerEngine::remove(const std::string& probe) const {
  // Podman's rm -f would first wait 10 s for SIGTERM, which a probe's container need not be given.
  const std::string now = m_command == "podman" ? " --time 0" : "";
  run(
      fmt::format("ps -aq --filter label=labs.probe={1} | xargs -r {0} rm -f{2} >/dev/null 2>&1; "
                  "{0} rmi -f localhost/{1} >/dev/null 2>&1; "
                  "{0} images -q --filter label=labs.probe={1} | xargs -r {0} rmi -f >/dev/null 2>&1",
                  m_command, probe, now));
}

void ContainerEngine::remove_compose_project(const std::string& project) const {
  const std::string now = m_command == "podman" ? " --time 0" : "";
  run(
      fmt::format("ps -aq --filter label=com.docker.compose.project={1} | xargs -r {0} rm -f{2} >/dev/null 2>&1; "
                  "{0} volume ls -q --filter label=com.docker.compose.project={1} | xargs -r {0} volume rm -f "
                  ">/dev/null 2>&1; "
                  "{0} network ls -q --filter label=com.docker.compose.project={1} | xargs -r {0} network rm -f "
                  ">/dev/null 2>&1; "
                  "{0} images -q --filter label=com.docker.compose.project={1} | xargs -r {0} rmi -f >/dev/null 2>&1",
                  m_command, project, now));
}

void ContainerEngine::remove_stale() const {
  const std::string labels = run(fmt::format("ps -aq --filter label=labs.probe | xargs -r {0} container inspect -f "
                                             "'{{{{index .Config.Labels \"labs.probe\"}}}}'; "
                                             "{0} images -q --filter label=labs.probe | xargs -r {0} image inspect "
                                             "-f '{{{{index .Config.Labels \"labs.probe\"}}}}'",
                                             m_command))
                                 .out;
  const std::string own_prefix = std::string(kNamePrefix) + host_tag() + "-";
  const auto dead = [&](const std::string& name) {
    const long pid = std::strtol(name.c_str() + own_prefix.size(), nullptr, 10);
    return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
  };
  std::istringstream lines(labels);
  std::set<std::string> seen;
  for (std::string name; std::getline(lines, name);) {
    if (name.starts_with(own_prefix) && seen.insert(name).second && dead(name)) remove(name);
  }
  // Compose projects name their containers, networks and volumes PROJECT_...
  std::istringstream named(run(fmt::format("ps -a --format '{{{{.Names}}}}'; {0} network ls --format '{{{{.Name}}}}'; "
                                           "{0} volume ls --format '{{{{.Name}}}}'",
                                           m_command))
                               .out);
  for (std::string name; std::getline(named, name);) {
    const std::string project = name.substr(0, name.find('_'));
    if (name.starts_with(own_prefix) && project != name && seen.insert(project).second && dead(project))
      remove_compose_project(project);
  }
}

ContainerEngine detect_container_engine(const std::filesystem::path& directory) {
  for (const char* candidate : {"docker", "podman"}) {
    ContainerEngine engine(candidate, directory);
    if (engine.run("info >/dev/null 2>&1", std::chrono::seconds(20)).exit_code == 0) {
      static std::once_flag swept;
      std::call_once(swept, [&] { engine.remove_stale(); });
      return engine;
    }
  }
  return {"", directory};
}

bool is_engine_failure(const ProcessResult& result) {
  if (result.exit_code == 0 || !result.launch_error.empty()) return !result.launch_error.empty();
  // What runc, crun, conmon, netavark, slirp4netns and the Docker daemon say
  // when the machine cannot run containers, whatever the image holds.
  static const std::vector<std::string_view> signs{"cannot set up namespace",
                                                   "unshare: operation not permitted",
                                                   "error during container init: error mounting",
                                                   "newuidmap",
                                                   "slirp4netns",
                                                   "netavark",
                                                   "Cannot connect to the Docker daemon",
                                                   "conmon failed",
                                                   "error during container init: error setting"};
  const std::string output = result.out + result.err;
  return std::any_of(signs.begin(), signs.end(),
                     [&](std::string_view sign) { return output.find(sign) != std::string::npos; });
}

std::string probe_container_name(unsigned number) {
  return fmt::format("{}{}-{}-{}", kNamePrefix, host_tag(), ::getpid(), number);
}

}  // namespace labkit
