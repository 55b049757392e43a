// The `container` check: builds the learner's image on a real engine (a
// reachable Docker daemon, else Podman) and runs it. With `port`, the
// container is a server: the port is published on a free host port, labs
// waits until it answers and runs the steps inside against it. Without,
// the container must finish with exit 0 or still be running after `settle`.
// What a step creates is labelled and always removed, also on Ctrl-C; what
// a killed labs left behind is removed by the next run.
#include <labs/base/text_match.hpp>
#include <labs/formats/dockerfile.hpp>
#include <labs/model/check.hpp>
#include <labs/model/model.hpp>
#include <labs/model/steps.hpp>
#include <labs/process/container_engine.hpp>
#include <labs/process/http_client.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/step_parser.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <optional>
#include <thread>

namespace labkit {

namespace {

constexpr auto kReadyPoll = std::chrono::milliseconds(200);
constexpr std::size_t kShownLines = 12;

class ContainerCheck final : public Check {
 public:
  std::string context = ".";
  std::string dockerfile;
  std::optional<long> port;  ///< server mode when set
  std::string ready_path;
  std::chrono::milliseconds build_timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds ready_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds settle{std::chrono::seconds(5)};
  std::vector<Step> steps;

  std::string describe() const override {
    if (!port) return fmt::format("builds the image from {} and runs it", context);
    return fmt::format("builds the image from {}, runs it with port {} published, then {} step(s)", context, *port,
                       steps.size());
  }

  StepOutcome run(const CheckContext& check_context) const override {
    const ContainerEngine engine = detect_container_engine(check_context.root());
    if (!engine.found())
      return {Status::skip, "no container engine: neither a Docker daemon nor Podman answers `info`"};
    static std::atomic<unsigned> counter{0};
    const std::string name = probe_container_name(++counter);
    const ScopedCleanup cleanup([&] { engine.remove(name); });

    const std::string file = dockerfile_to_build(check_context);
    if (auto failed = build(engine, name, check_context.root(), file)) return *failed;
    const unsigned short host_port = port ? pick_free_port() : 0;
    const std::string published = port ? fmt::format(" -p 127.0.0.1:{}:{}", host_port, *port) : "";
    const ProcessResult started =
        engine.run(fmt::format("run -d --name {0} --label labs.probe={0}{1} localhost/{0}", name, published));
    if (is_engine_failure(started))
      return {Status::error,
              fmt::format("{} could not run containers on this machine (not a problem of your project):\n{}",
                          engine.name(), last_lines(started.out + started.err, kShownLines))};
    if (started.exit_code != 0)
      return {Status::fail, "the container does not start:\n" + last_lines(started.out + started.err, kShownLines)};
    return port ? serve(engine, name, host_port, check_context) : settle_down(engine, name);
  }

 private:
  /// The step's failure when the image does not build, citing the
  /// Dockerfile line the build stopped at.
  /// The lab's Dockerfile; else the context's own; else, for the whole
  /// repository as context, the one discovery finds (docker/Dockerfile).
  std::string dockerfile_to_build(const CheckContext& check_context) const {
    if (!dockerfile.empty()) return dockerfile;
    std::error_code error;
    const auto folder = check_context.root() / context;
    if (context != "." || std::filesystem::exists(folder / "Dockerfile", error) ||
        std::filesystem::exists(folder / "Containerfile", error))
      return "";
    return preferred_candidate(discover_project(check_context.repo).dockerfiles);
  }

  std::optional<StepOutcome> build(const ContainerEngine& engine, const std::string& name,
                                   const std::filesystem::path& root, const std::string& file) const {
    // Nothing is pulled: Podman says so with --pull=never, Docker's builder only knows --pull=false.
    std::string command = fmt::format("build {0} --label labs.probe={1} -t localhost/{1}",
                                      engine.name() == "podman" ? "--pull=never" : "--pull=false", name);
    if (!file.empty()) command += " -f " + shell_quote(file);
    command += " " + shell_quote(context) + " 2>&1";
    const ProcessResult built = engine.run(command, build_timeout);
    if (built.timed_out)
      return StepOutcome{Status::fail,
                         fmt::format("the image build did not finish within {} s", build_timeout.count() / 1000)};
    if (built.exit_code == 0) return std::nullopt;
    if (is_engine_failure(built))
      return StepOutcome{Status::error,
                         fmt::format("{} could not build on this machine (not a problem of your project):\n{}",
                                     engine.name(), last_lines(built.out, kShownLines))};

    StepOutcome failed{Status::fail, "", file.empty() ? dockerfile_path() : file, 0};
    std::string where;
    const ResolvedPath resolved = resolve_inside(root, failed.path);
    std::string error;
    const auto text = resolved.ok() ? read_text_file(resolved, 1 << 20, error) : std::nullopt;
    const Dockerfile parsed = parse_dockerfile(text.value_or(""));
    if (const DockerInstruction* instruction = failed_build_instruction(parsed, built.out)) {
      failed.line = instruction->line;
      where = fmt::format(" at {}:{} ({} {})", failed.path, failed.line, instruction->keyword,
                          quote(instruction->arguments, 60));
    }
    failed.evidence = fmt::format("the image does not build ({}){}; the end of the build output:\n{}", engine.name(),
                                  where, last_lines(built.out, kShownLines));
    return failed;
  }

  std::string dockerfile_path() const {
    if (!dockerfile.empty()) return dockerfile;
    return context == "." ? "Dockerfile" : (std::filesystem::path(context) / "Dockerfile").generic_string();
  }

  static std::string logs(const ContainerEngine& engine, const std::string& name) {
    return last_lines(engine.run("logs " + name + " 2>&1", std::chrono::seconds(20)).out, kShownLines);
  }

  /// "running", or the exit code of a container that ended.
  static std::string state(const ContainerEngine& engine, const std::string& name) {
    const std::string out =
        engine.run("inspect -f '{{.State.Running}} {{.State.ExitCode}}' " + name, std::chrono::seconds(20)).out;
    if (out.starts_with("true")) return "running";
    const auto space = out.find(' ');
    return space == std::string::npos ? "gone" : last_lines(out.substr(space + 1), 1);
  }

  StepOutcome serve(const ContainerEngine& engine, const std::string& name, unsigned short host_port,
                    const CheckContext& check_context) const {
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
    bool ready = false;
    while (!ready && std::chrono::steady_clock::now() < deadline) {
      if (state(engine, name) != "running")
        return {Status::fail, "the container exited before it was ready; its last output:\n" + logs(engine, name)};
      // A TCP connect to the published port succeeds as soon as the engine's proxy listens: ask HTTP instead.
      const HttpResponse response = http_request(
          {"GET", "127.0.0.1", host_port, ready_path.empty() ? "/" : ready_path, {}, "", std::chrono::seconds(2)});
      ready = response.error.empty() && (ready_path.empty() || response.status < 500);
      if (!ready) std::this_thread::sleep_for(kReadyPoll);
    }
    if (!ready) {
      return {Status::fail, fmt::format("the container was not ready within {} s on port {}; its last output:\n{}",
                                        ready_timeout.count() / 1000.0, *port, logs(engine, name))};
    }
    StepOutcome merged = run_against_server(steps, check_context, host_port);
    merged.evidence = fmt::format("image built and running ({}):\n{}", engine.name(), merged.evidence);
    return merged;
  }

  StepOutcome settle_down(const ContainerEngine& engine, const std::string& name) const {
    const auto deadline = std::chrono::steady_clock::now() + settle;
    std::string now = state(engine, name);
    while (now == "running" && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(kReadyPoll);
      now = state(engine, name);
    }
    if (now == "running") {
      return {Status::pass, fmt::format("image built ({}); the container is still running after {} s", engine.name(),
                                        settle.count() / 1000.0)};
    }
    if (now == "0")
      return {Status::pass, fmt::format("image built ({}); the container ran and exited with 0", engine.name())};
    return {Status::fail, fmt::format("the container exited with {}; its last output:\n{}", now, logs(engine, name))};
  }
};

}  // namespace

std::unique_ptr<Check> parse_container_check(SpecMap& spec) {
  auto check = std::make_unique<ContainerCheck>();
  check->context = spec.string("context").value_or(".");
  check->dockerfile = spec.string("dockerfile").value_or("");
  if (auto port = spec.integer("port", 1, 65535)) check->port = *port;
  if (spec.has("ready")) {
    SpecMap ready(spec.node("ready"), "'ready' in container check", {"http"}, spec.file(), spec.diagnostics());
    check->ready_path = ready.string("http", true).value_or("/");
  }
  if (auto timeout = spec.seconds("build_timeout", 7200)) check->build_timeout = *timeout;
  if (auto timeout = spec.seconds("ready_timeout", 3600)) check->ready_timeout = *timeout;
  if (auto settle = spec.seconds("settle", 600)) check->settle = *settle;
  const YAML::Node steps = spec.node("steps");
  if (steps.IsDefined() && !steps.IsSequence()) spec.error("steps", "'steps' must be a list of http steps");
  if (steps.IsDefined() && steps.IsSequence())
    check->steps = parse_steps(steps, spec.file(), spec.diagnostics(), {"http"}, "a container");
  for (const char* server_only : {"ready", "ready_timeout", "steps"}) {
    if (spec.has(server_only) && !check->port) {
      spec.error(server_only,
                 fmt::format("'{}' needs 'port': the container is probed as a server on that port", server_only));
    }
  }
  if (spec.has("settle") && check->port) spec.error("settle", "'settle' is for a container without 'port'");
  return check;
}

}  // namespace labkit
