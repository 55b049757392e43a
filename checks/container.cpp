// The `container` check: builds the learner's image on a real engine (a
// reachable Docker daemon, else Podman), runs it with a free host port
// mapped, waits until it is ready, runs the steps inside against it, and
// always removes the container and the image it made.
#include <labs/check.hpp>
#include <labs/http_client.hpp>
#include <labs/model.hpp>
#include <labs/probe_env.hpp>
#include <labs/process.hpp>
#include <labs/spec_reader.hpp>
#include <labs/steps.hpp>
#include <labs/text_match.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <atomic>
#include <thread>

namespace labkit {

namespace {

constexpr auto kReadyPoll = std::chrono::milliseconds(200);
constexpr std::size_t kShownLines = 12;
/// What the engine CLIs need from the runner's environment (none of it secret).
const std::vector<std::string> kEngineVariables{"DOCKER_HOST", "DOCKER_CONFIG", "CONTAINERS_CONF", "CONTAINER_HOST",
                                                "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME"};

struct Engine {
  std::string command;  ///< "docker" or "podman"; "" when there is none
};

/// A reachable Docker daemon first (the learner's usual tool), else Podman.
Engine detect_engine(const std::filesystem::path& root) {
  const auto environment = probe_environment(root, kEngineVariables);
  for (const char* candidate : {"docker", "podman"}) {
    ProcessRequest request{fmt::format("{} info >/dev/null 2>&1", candidate), root, std::chrono::seconds(20), 4096, environment};
    if (run_process(request).exit_code == 0) return {candidate};
  }
  return {};
}

class ContainerCheck final : public Check {
 public:
  std::string context = ".";
  std::string dockerfile;
  long port = 8000;
  std::string ready_path;
  std::chrono::milliseconds build_timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds ready_timeout{std::chrono::seconds(60)};
  std::vector<Step> steps;

  bool runs_learner_code() const override { return true; }

  std::string describe() const override {
    return fmt::format("builds the image from {}, runs it with port {} published, then {} step(s)", context, port, steps.size());
  }

  StepOutcome run(CheckContext& check_context) const override {
    const Engine engine = detect_engine(check_context.root);
    if (engine.command.empty()) {
      return {Status::skip, "no container engine: neither a Docker daemon nor Podman answers `info`"};
    }
    static std::atomic<unsigned> counter{0};
    const std::string tag = fmt::format("localhost/labs-probe-{}-{}", ::getpid(), ++counter);
    const std::string label = "labs.probe=" + tag.substr(tag.rfind('/') + 1);
    const auto environment = probe_environment(check_context.root, kEngineVariables);
    const auto engine_run = [&](const std::string& arguments, std::chrono::milliseconds timeout) {
      return run_process({engine.command + " " + arguments, check_context.root, timeout, 1 << 20, environment});
    };
    // Whatever happens below, what this step created goes away.
    struct Cleanup {
      std::function<void()> action;
      ~Cleanup() { action(); }
    } cleanup{[&] {
      // Podman's rm -f waits 10 s for SIGTERM first; a probe's container need not be asked twice.
      const std::string now = engine.command == "podman" ? " --time 0" : "";
      engine_run(fmt::format("ps -aq --filter label={} | xargs -r {} rm -f{}", label, engine.command, now), std::chrono::seconds(60));
      engine_run(fmt::format("rmi -f {} >/dev/null 2>&1", tag), std::chrono::seconds(60));
    }};

    // Nothing is pulled: Podman says so with --pull=never, Docker's builder only knows --pull=false.
    const char* no_pull = engine.command == "podman" ? "--pull=never" : "--pull=false";
    std::string build = fmt::format("build {} --label {} -t {}", no_pull, label, tag);
    if (!dockerfile.empty()) build += " -f " + shell_quote(dockerfile);
    build += " " + shell_quote(context) + " 2>&1";
    const ProcessResult built = engine_run(build, build_timeout);
    if (built.timed_out) return {Status::fail, fmt::format("the image build did not finish within {} s", build_timeout.count() / 1000)};
    if (built.exit_code != 0) {
      return {Status::fail, fmt::format("the image does not build ({}); the end of the build output:\n{}", engine.command,
                                        last_lines(built.out, kShownLines)), dockerfile.empty() ? "Dockerfile" : dockerfile};
    }
    const unsigned short host_port = pick_free_port();
    const ProcessResult started = engine_run(
        fmt::format("run -d --label {} -p 127.0.0.1:{}:{} {}", label, host_port, port, tag), std::chrono::seconds(60));
    if (started.exit_code != 0) return {Status::fail, "the container does not start:\n" + last_lines(started.out + started.err, kShownLines)};
    const std::string container = last_lines(started.out, 1);

    const auto logs = [&] { return last_lines(engine_run("logs " + container + " 2>&1", std::chrono::seconds(20)).out, kShownLines); };
    const auto running = [&] {
      return engine_run("inspect -f '{{.State.Running}}' " + container, std::chrono::seconds(20)).out.find("true") != std::string::npos;
    };
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
    bool ready = false;
    while (!ready && std::chrono::steady_clock::now() < deadline) {
      if (!running()) return {Status::fail, "the container exited before it was ready; its last output:\n" + logs()};
      if (ready_path.empty()) {
        // A TCP connect to the published port succeeds as soon as the engine's proxy listens: ask HTTP instead.
        ready = http_request({"GET", "127.0.0.1", host_port, "/", {}, "", std::chrono::seconds(2)}).error.empty();
      } else {
        const HttpResponse response = http_request({"GET", "127.0.0.1", host_port, ready_path, {}, "", std::chrono::seconds(2)});
        ready = response.error.empty() && response.status < 500;
      }
      if (!ready) std::this_thread::sleep_for(kReadyPoll);
    }
    if (!ready) {
      return {Status::fail, fmt::format("the container was not ready within {} s on port {}; its last output:\n{}",
                                        ready_timeout.count() / 1000.0, port, logs())};
    }
    StepOutcome merged = run_against_server(steps, check_context, host_port);
    merged.evidence = fmt::format("image built and running ({}):\n{}", engine.command, merged.evidence);
    return merged;
  }
};

}  // namespace

std::unique_ptr<Check> parse_container_check(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics) {
  const std::size_t errors_before = diagnostics.all().size();
  SpecMap spec(node, "container check",
               {"context", "dockerfile", "port", "ready", "build_timeout", "ready_timeout", "steps"}, file, diagnostics);
  if (!spec.is_map()) return nullptr;
  auto check = std::make_unique<ContainerCheck>();
  check->context = spec.string("context").value_or(".");
  check->dockerfile = spec.string("dockerfile").value_or("");
  check->port = spec.integer("port", 1, 65535).value_or(8000);
  if (spec.has("ready")) {
    SpecMap ready(spec.node("ready"), "'ready' in container check", {"http"}, file, diagnostics);
    check->ready_path = ready.string("http", true).value_or("/");
  }
  if (auto timeout = spec.seconds("build_timeout", 7200)) check->build_timeout = *timeout;
  if (auto timeout = spec.seconds("ready_timeout", 3600)) check->ready_timeout = *timeout;
  const YAML::Node steps = spec.node("steps");
  if (steps.IsDefined() && !steps.IsSequence()) spec.error("steps", "'steps' must be a list of http steps");
  if (steps.IsDefined() && steps.IsSequence()) check->steps = parse_steps(steps, file, diagnostics, {"http"}, "a container");
  if (diagnostics.all().size() != errors_before) return nullptr;
  return check;
}

}  // namespace labkit
