// The `compose_up` check: brings the learner's Compose stack up for real
// (docker compose, docker-compose or podman-compose, whichever goes with the
// engine), in a scratch copy, under a project name of its own, with every
// published port moved to a free one on 127.0.0.1. It waits until the probed
// service answers, runs the steps inside against it, and always removes the
// project's containers, volumes, networks and built images — on success,
// failure, timeout and Ctrl-C.
#include <labs/base/text_match.hpp>
#include <labs/model/check.hpp>
#include <labs/model/model.hpp>
#include <labs/model/steps.hpp>
#include <labs/process/container_engine.hpp>
#include <labs/process/http_client.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/scratch_copy.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/step_parser.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <fstream>
#include <thread>

namespace labkit {

namespace {

namespace fs = std::filesystem;

constexpr auto kReadyPoll = std::chrono::milliseconds(250);
constexpr const char* kRewritten = ".labs-compose.yaml";

/// The container port of one `ports:` entry ("8000", "8080:8000",
/// "127.0.0.1:8080:8000/tcp", {target: 8000}); 0 for a range or nonsense.
long container_port(const YAML::Node& entry) {
  std::string text;
  if (entry.IsMap() && entry["target"]) text = entry["target"].Scalar();
  if (entry.IsScalar()) text = entry.Scalar();
  text = text.substr(0, text.find('/'));
  text = text.substr(text.rfind(':') == std::string::npos ? 0 : text.rfind(':') + 1);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 5) return 0;
  const long port = std::stol(text);
  return port >= 1 && port <= 65535 ? port : 0;
}

/// The stack as labs starts it: every published port on a free host port of
/// 127.0.0.1 (two runs, or the learner's own stack, never collide) and no
/// fixed container_name. Returns service → container port → host port.
std::map<std::string, std::map<long, unsigned short>> publish_on_free_ports(YAML::Node& root) {
  std::map<std::string, std::map<long, unsigned short>> published;
  for (auto service : root["services"]) {
    const std::string name = service.first.Scalar();
    YAML::Node definition = service.second;
    if (!definition.IsMap()) continue;
    definition.remove("container_name");
    const YAML::Node ports = definition["ports"];
    if (!ports || !ports.IsSequence()) continue;
    YAML::Node moved(YAML::NodeType::Sequence);
    for (const auto& entry : ports) {
      const long target = container_port(entry);
      if (target == 0) continue;
      const unsigned short host = pick_free_port();
      published[name][target] = host;
      moved.push_back(fmt::format("127.0.0.1:{}:{}", host, target));
    }
    definition["ports"] = moved;
  }
  return published;
}

/// A key's value, or a null node: yaml-cpp throws on most uses of a missing one.
YAML::Node value_of(const YAML::Node& node, const char* key) {
  if (!node.IsMap()) return {};
  const YAML::Node found = node[key];
  return found ? found : YAML::Node();
}

/// Whether a path the Compose tool reads on the host (a bind mount's source,
/// an env_file, a build context) stays inside the copy, symlinks resolved.
bool stays_inside(const fs::path& folder, const fs::path& tree, const std::string& path) {
  if (path.empty() || path.front() == '~' || path.find('$') != std::string::npos) return false;
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(fs::path(path).is_absolute() ? fs::path(path) : folder / path, error);
  const auto [end, rest] = std::mismatch(tree.begin(), tree.end(), resolved.begin(), resolved.end());
  return !error && end == tree.end();
}

/// Why labs will not start this stack: the Compose tool and the engine run
/// outside the sandbox, so a file that mounts the host's folders, reads its
/// files or takes its privileges would reach past the learner's project.
std::string reaches_outside(const YAML::Node& root, const fs::path& folder, const fs::path& tree) {
  for (const auto& entry : root["services"]) {
    const std::string name = entry.first.Scalar();
    const YAML::Node service = entry.second;
    if (!service.IsMap()) continue;
    for (const char* key : {"privileged", "devices", "cap_add", "security_opt"}) {
      const YAML::Node value = value_of(service, key);
      if (!value.IsNull() && !(value.IsScalar() && value.Scalar() == "false"))
        return fmt::format("service {} sets {}", name, key);
    }
    for (const char* key : {"pid", "ipc", "network_mode", "userns_mode", "cgroup", "uts"}) {
      if (value_of(service, key).IsScalar() && value_of(service, key).Scalar().starts_with("host"))
        return fmt::format("service {} sets {}: host", name, key);
    }
    for (const auto& volume : value_of(service, "volumes")) {
      std::string source;
      if (volume.IsScalar()) {
        const std::string text = volume.Scalar();
        const auto colon = text.find(':');
        if (colon != std::string::npos) source = text.substr(0, colon);
      } else if (value_of(volume, "type").IsScalar() && volume["type"].Scalar() == "bind") {
        source = value_of(volume, "source").IsScalar() ? volume["source"].Scalar() : "";
      }
      // A named volume is the engine's own; a path is a folder of the host.
      const bool is_path = source.find('/') != std::string::npos || source.starts_with('.') ||
                           source.starts_with('~') || source.starts_with('$');
      if (is_path && !stays_inside(folder, tree, source))
        return fmt::format("service {} mounts {}, outside the project", name, source);
    }
    std::vector<std::string> read_files;
    for (const auto& file : value_of(service, "env_file")) read_files.push_back(file.IsScalar() ? file.Scalar() : "");
    if (value_of(service, "env_file").IsScalar()) read_files.push_back(value_of(service, "env_file").Scalar());
    const YAML::Node build = value_of(service, "build");
    if (build.IsScalar()) read_files.push_back(build.Scalar());
    if (value_of(build, "context").IsScalar()) read_files.push_back(build["context"].Scalar());
    if (value_of(build, "dockerfile").IsScalar()) {
      const std::string context = value_of(build, "context").IsScalar() ? build["context"].Scalar() : ".";
      read_files.push_back((fs::path(context) / build["dockerfile"].Scalar()).string());
    }
    for (const auto& file : read_files) {
      if (!stays_inside(folder, tree, file)) return fmt::format("service {} reads {}, outside the project", name, file);
    }
  }
  for (const char* section : {"secrets", "configs"}) {
    for (const auto& entry : value_of(root, section)) {
      if (value_of(entry.second, "file").IsScalar() && !stays_inside(folder, tree, entry.second["file"].Scalar()))
        return fmt::format("{} {} reads {}, outside the project", section, entry.first.Scalar(),
                           entry.second["file"].Scalar());
    }
  }
  if (!value_of(root, "include").IsNull()) return "it includes other Compose files";
  return "";
}

class ComposeUpCheck final : public Check {
 public:
  std::string path;     ///< "" = discovered
  std::string service;  ///< "" = the first that publishes a port
  long port = 0;        ///< its container port; 0 = the first it publishes
  std::string ready_path;
  std::chrono::milliseconds ready_timeout{std::chrono::seconds(120)};
  std::chrono::milliseconds up_timeout{std::chrono::seconds(600)};
  std::vector<Step> steps;

  std::string describe() const override {
    return fmt::format("brings the Compose stack up, then {} step(s) against {}", steps.size(),
                       service.empty() ? "its first published port" : service);
  }

  StepOutcome run(const CheckContext& context) const override {
    std::string note;
    const std::string file = path.empty() ? main_compose_file(context.repo, note) : path;
    if (file.empty()) return {Status::fail, "no Compose file in the repository (compose.yaml or docker-compose.yml)"};
    std::string error;
    const auto copy = ScratchCopy::make(context.root(), error);
    if (!copy) return {Status::error, "could not make a scratch copy of the work tree: " + error};
    YAML::Node root;
    try {
      root = YAML::LoadFile((copy->tree() / file).string());
    } catch (const YAML::Exception& e) {
      return {Status::fail, fmt::format("{} is not valid YAML: {}", file, e.what()), file};
    }
    if (!root.IsMap() || !root["services"] || !root["services"].IsMap())
      return {Status::fail, fmt::format("{} has no services:", file), file};
    const fs::path folder = (copy->tree() / file).parent_path();
    if (const auto outside = reaches_outside(root, folder, copy->tree()); !outside.empty())
      return {Status::fail,
              fmt::format("labs does not start this stack: {} (the engine runs it outside labs' sandbox, so it "
                          "could read or change the machine it runs on)",
                          outside),
              file};
    const ContainerEngine engine = detect_container_engine(context.root());
    if (!engine.found()) return {Status::skip, "no container engine: neither a Docker daemon nor Podman answers"};
    const std::string tool = compose_tool(engine);
    if (tool.empty())
      return {Status::skip,
              fmt::format("no Compose tool for {} (Debian: apt-get install {}-compose)", engine.name(), engine.name())};
    const auto published = publish_on_free_ports(root);
    const auto [target, host_port] = probed(published);
    if (host_port == 0)
      return {Status::fail,
              fmt::format("{}: {} publishes no port{}", file, service.empty() ? "no service" : "service " + service,
                          port ? fmt::format(" {}", port) : ""),
              file};
    std::ofstream(folder / kRewritten) << YAML::Dump(root) << "\n";
    static std::atomic<unsigned> counter{0};
    const std::string project = probe_container_name(++counter);
    const ScopedCleanup cleanup([&] {
      engine.remove_compose_project(project);
      for (const auto& entry : root["services"]) {
        if (entry.second["build"])
          engine.run(fmt::format("rmi -f {0}_{1} localhost/{0}_{1} >/dev/null 2>&1", project, entry.first.Scalar()));
      }
    });
    const std::string compose = fmt::format("{} -p {} -f {}", tool, project, kRewritten);
    ProcessRequest up{compose + " up -d", folder, up_timeout, 1 << 20, engine.environment()};
    up.containment.learner_code = false;  // the engine's containers are the sandbox
    const ProcessResult started = run_process(up);
    const std::string heading = fmt::format("{}stack up with {} from {} ({} service(s))",
                                            note.empty() ? "" : note + "\n", tool, file, root["services"].size());
    if (started.exit_code != 0 || started.timed_out) {
      return {Status::fail,
              fmt::format("`{} up` failed ({}): {}", tool,
                          started.timed_out ? "timed out" : "exit code " + std::to_string(started.exit_code),
                          last_lines(started.err.empty() ? started.out : started.err, 12)),
              file};
    }
    if (auto problem = wait_until_ready(host_port); !problem.empty())
      return {Status::fail,
              fmt::format("{}: {} (container port {}, host port {}) {}\n{}", heading, target_name(published), target,
                          host_port, problem, what_ran(engine, project)),
              file};
    StepOutcome merged = run_against_server(steps, context, host_port);
    merged.evidence =
        fmt::format("{}: {} on port {}:\n{}", heading, target_name(published), host_port, merged.evidence);
    return merged;
  }

 private:
  /// Docker's own plugin first, then the standalone tools.
  static std::string compose_tool(const ContainerEngine& engine) {
    if (engine.name() == "podman")
      return find_program(engine.environment(), "podman-compose").empty() ? "" : "podman-compose";
    if (engine.run("compose version >/dev/null 2>&1", std::chrono::seconds(20)).exit_code == 0) return "docker compose";
    return find_program(engine.environment(), "docker-compose").empty() ? "" : "docker-compose";
  }

  std::string target_name(const std::map<std::string, std::map<long, unsigned short>>& published) const {
    return service.empty() && !published.empty() ? "service " + published.begin()->first : "service " + service;
  }

  /// The probed service's container port and host port; {0, 0} if none.
  std::pair<long, unsigned short> probed(const std::map<std::string, std::map<long, unsigned short>>& published) const {
    const auto chosen = service.empty() ? published.begin() : published.find(service);
    if (chosen == published.end() || chosen->second.empty()) return {0, 0};
    const auto mapped = port == 0 ? chosen->second.begin() : chosen->second.find(port);
    if (mapped == chosen->second.end()) return {0, 0};
    return {mapped->first, mapped->second};
  }

  std::string wait_until_ready(unsigned short host_port) const {
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ready_path.empty()) {
        if (tcp_accepts(host_port, kReadyPoll)) return "";
      } else {
        const HttpResponse response =
            http_request({"GET", "127.0.0.1", host_port, ready_path, {}, "", std::chrono::seconds(2)});
        if (response.error.empty() && response.status < 500) return "";
      }
      std::this_thread::sleep_for(kReadyPoll);
    }
    return fmt::format("was not ready within {} s ({})", ready_timeout.count() / 1000.0,
                       ready_path.empty() ? "no TCP connection" : "no answer to GET " + ready_path);
  }

  /// The project's containers and how each is, for a stack that never got ready.
  static std::string what_ran(const ContainerEngine& engine, const std::string& project) {
    const std::string filter = "--filter label=com.docker.compose.project=" + project;
    const ProcessResult listed = engine.run(fmt::format("ps -a {} --format '{{{{.Names}}}}: {{{{.Status}}}}'", filter));
    const ProcessResult logs =
        engine.run(fmt::format("ps -aq {} | head -n 3 | xargs -r -n 1 {} logs --tail 5 2>&1", filter, engine.name()));
    return fmt::format("containers:\n{}{}", listed.out, logs.out.empty() ? "" : "last output:\n" + logs.out);
  }
};

}  // namespace

std::unique_ptr<Check> parse_compose_up_check(SpecMap& spec) {
  auto check = std::make_unique<ComposeUpCheck>();
  check->path = spec.one_path("path").value_or("");
  if (auto problem = check->path.empty() ? "" : path_shape_problem(check->path); !problem.empty())
    spec.error("path", problem);
  check->service = spec.string("service").value_or("");
  check->port = spec.integer("port", 1, 65535).value_or(0);
  check->ready_path = spec.string("ready").value_or("");
  if (!check->ready_path.empty() && check->ready_path.front() != '/')
    spec.error("ready", "'ready' is the path labs asks until it answers, starting with /");
  if (auto timeout = spec.seconds("ready_timeout", 3600)) check->ready_timeout = *timeout;
  if (auto timeout = spec.seconds("up_timeout", 7200)) check->up_timeout = *timeout;
  const YAML::Node steps = spec.node("steps", true);
  if (steps.IsDefined() && (!steps.IsSequence() || steps.size() == 0))
    spec.error("steps", "'steps' must be a non-empty list of steps to run against the stack");
  else if (steps.IsDefined())
    check->steps = parse_steps(steps, spec.file(), spec.diagnostics(), {"http", "command"}, "a compose_up");
  return check;
}

}  // namespace labkit
