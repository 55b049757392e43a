// The `service` check: starts a long-running learner process (an API server)
// on a port labs picks, waits until it is ready, runs the steps inside it
// (usually `http`), then stops it and everything it started. The server runs
// in a scratch copy of the work tree, so what the steps make it write (its
// SQLite database, uploaded files) never lands in the learner's files.
#include <labs/model/check.hpp>
#include <labs/model/model.hpp>
#include <labs/model/steps.hpp>
#include <labs/process/http_client.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/python_code.hpp>
#include <labs/process/scratch_copy.hpp>
#include <labs/process/service.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/step_parser.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <thread>

namespace labkit {

namespace {

constexpr auto kReadyPoll = std::chrono::milliseconds(100);
constexpr std::size_t kShownLines = 15;

class ServiceCheck final : public Check {
 public:
  std::string command;     ///< with {port} where the port goes
  std::string ready_path;  ///< "" = ready when the port accepts TCP
  std::chrono::milliseconds ready_timeout{std::chrono::seconds(30)};
  std::optional<long> memory_mb;
  std::vector<Step> steps;
  std::vector<std::string> required_programs;  ///< absent from the learner's environment: skipped, not failed
  bool scratch = true;                         ///< false: serve from the work tree itself

  std::string describe() const override {
    return fmt::format("starts `{}`, then {} step(s) against it", command, steps.size());
  }

  StepOutcome run(const CheckContext& context) const override {
    const unsigned short port = pick_free_port();
    std::string run = command;  // as the lab wrote it, for messages
    replace_all(run, "{port}", std::to_string(port));
    std::vector<std::string> assignments{"PORT=" + std::to_string(port), "PYTHONDONTWRITEBYTECODE=1"};
    std::unique_ptr<ScratchCopy> copy;
    if (scratch) {
      std::string error;
      copy = ScratchCopy::make(context.root(), error);
      if (!copy) return {Status::error, "could not make a scratch copy of the work tree: " + error};
    }
    const std::filesystem::path tree = copy ? copy->tree() : context.root();
    std::string found_app;
    if (run.find("{app") != std::string::npos) {
      std::string error;
      std::vector<std::string> unreadable;
      const auto apps = find_web_apps(context.repo, error, unreadable);
      if (!error.empty()) return {Status::error, error};
      if (apps.empty())
        return {Status::fail,
                fmt::format("no web app in your code: labs looks for a module-level app = FastAPI() (or "
                            "Flask(__name__), or app = create_app()) outside the tests{}",
                            unreadable.empty() ? std::string()
                                               : fmt::format("; Python cannot parse {}", fmt::join(unreadable, "; ")))};
      const WebApp& app = apps.front();
      replace_all(run, "{app_interface}", app.interface());
      replace_all(run, "{app}", app.target());
      if (!app.source_root.empty()) assignments.push_back("PYTHONPATH=" + (tree / app.source_root).string());
      found_app = fmt::format("web app found at {}:{} ({}{})\n", app.file, app.line, app.framework,
                              apps.size() > 1 ? fmt::format(", the least deep of {}", apps.size()) : "");
    }
    StepOutcome outcome = serve(context, copy.get(), run, port, assignments);
    outcome.evidence = found_app + outcome.evidence;
    return outcome;
  }

 private:
  static void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
      text.replace(at, from.size(), to);
  }

  StepOutcome serve(const CheckContext& context, const ScratchCopy* copy, const std::string& run, unsigned short port,
                    const std::vector<std::string>& assignments) const {
    std::string error;
    ProcessRequest request{
        expand_python(run), context.root(), {}, 1 << 20, probe_environment(context.root(), {}, assignments)};
    request.containment.network = Network::host;  // labs asks it over the host's loopback
    if (copy) {
      request.directory = copy->tree();
      copy->show_links(request.containment);
    }
    set_memory_limit(request.containment, memory_mb);
    if (const std::string missing = missing_program(request.environment, required_programs); !missing.empty()) {
      return {Status::skip, fmt::format("{}, so `{}` was not started", missing, command)};
    }
    auto service = Service::start(request, error);
    if (!service) return {Status::error, fmt::format("could not start `{}`: {}", run, error)};
    if (auto problem = wait_until_ready(*service, port); !problem.empty()) {
      service->stop();
      const std::string output = service->last_output(kShownLines);
      return {Status::fail, fmt::format("`{}` {}{}", run, problem,
                                        output.empty() ? " (it printed nothing)" : "; its last output:\n" + output)};
    }
    StepOutcome merged = run_against_server(steps, context, port, copy ? copy->tree() : context.root());
    std::vector<std::string> evidence{merged.evidence};
    const bool died = !service->running();
    const std::string ended = service->how_it_ended();
    service->stop();
    if (died) {
      merged.status = Status::fail;
      evidence.push_back(fmt::format("the server {} while it was probed; its last output:\n{}", ended,
                                     service->last_output(kShownLines)));
    }
    merged.evidence = fmt::format("server on port {}:\n{}", port, fmt::join(evidence, "\n"));
    return merged;
  }

  /// "" once ready; otherwise what went wrong.
  std::string wait_until_ready(const Service& service, unsigned short port) const {
    const auto deadline = std::chrono::steady_clock::now() + ready_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!service.running()) return fmt::format("{} before it was ready", service.how_it_ended());
      if (ready_path.empty()) {
        if (tcp_accepts(port, kReadyPoll)) return "";
      } else {
        HttpRequest probe{"GET", "127.0.0.1", port, ready_path, {}, "", std::chrono::seconds(2)};
        const HttpResponse response = http_request(probe);
        if (response.error.empty() && response.status < 500) return "";
      }
      std::this_thread::sleep_for(kReadyPoll);
    }
    return fmt::format("was not ready within {} s ({} on port {})", ready_timeout.count() / 1000.0,
                       ready_path.empty() ? "no TCP connection" : "no answer to GET " + ready_path, port);
  }
};

}  // namespace

std::unique_ptr<Check> parse_service_check(SpecMap& spec) {
  auto check = std::make_unique<ServiceCheck>();
  check->command = spec.string("run", true).value_or("");
  if (!check->command.empty() && check->command.find("{port}") == std::string::npos) {
    spec.error("run", "'run' must contain {port}, where labs puts the port the server is to listen on");
  }
  if (spec.has("ready")) {
    SpecMap ready(spec.node("ready"), "'ready' in service check", {"http", "tcp"}, spec.file(), spec.diagnostics());
    check->ready_path = ready.string("http").value_or("");
    if (ready.is_map() && check->ready_path.empty() && !ready.boolean("tcp").value_or(false)) {
      ready.error("http", "'ready' needs http: PATH or tcp: true");
    }
    if (!check->ready_path.empty() && check->ready_path.front() != '/')
      ready.error("http", "'http' must be a path starting with /");
  }
  check->required_programs = spec.string_list("requires").value_or(std::vector<std::string>{});
  if (auto timeout = spec.seconds("ready_timeout", 3600)) check->ready_timeout = *timeout;
  check->memory_mb = spec.integer("memory_mb", kLeastMemoryMib, kMostMemoryMib);
  check->scratch = spec.boolean("scratch").value_or(true);
  const YAML::Node steps = spec.node("steps", true);
  if (steps.IsDefined() && (!steps.IsSequence() || steps.size() == 0)) {
    spec.error("steps", "'steps' must be a non-empty list of steps to run against the server");
  } else if (steps.IsDefined()) {
    check->steps =
        parse_steps(steps, spec.file(), spec.diagnostics(), {"http", "command", "pytest", "sqlite"}, "a service");
  }
  return check;
}

}  // namespace labkit
