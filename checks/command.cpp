// The `command` check: runs a command in the repository's root (or, with
// `scratch: true`, in a scratch copy of it) with a time limit and judges its
// exit code and output.
#include <labs/base/text_match.hpp>
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/process/scratch_copy.hpp>
#include <labs/spec/lab_regex.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace labkit {

namespace {

constexpr std::size_t kTailLines = 5;

class CommandCheck final : public Check {
 public:
  std::string command;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<long> memory_mb;
  long exit_code = 0;
  std::vector<std::string> stdout_contains, stderr_contains;
  std::vector<LabRegex> stdout_matches;
  std::vector<std::string> required_programs;  ///< absent from the learner's environment: skipped, not failed
  bool scratch = false;                        ///< run in a scratch copy: the command changes files

  std::string describe() const override { return fmt::format("runs `{}`, expects exit code {}", command, exit_code); }

  StepOutcome run(const CheckContext& context) const override {
    ProcessRequest request{expand_python(command), context.root(), timeout.value_or(context.settings.default_timeout),
                           1 << 20, probe_environment(context.root())};
    std::unique_ptr<ScratchCopy> copy;
    if (scratch) {
      std::string error;
      copy = ScratchCopy::make(context.root(), error);
      if (!copy) return {Status::error, "could not make a scratch copy of the work tree: " + error};
      request.directory = copy->tree();
      copy->show_links(request.containment);
    }
    // Inside a service step the command talks to the server on the host's loopback.
    if (context.service_port) request.containment.network = Network::host;
    set_memory_limit(request.containment, memory_mb);
    if (const std::string missing = missing_program(request.environment, required_programs); !missing.empty()) {
      return {Status::skip, fmt::format("{}, so `{}` was not run", missing, command)};
    }
    const ProcessResult result = run_process(request);
    if (!result.launch_error.empty())
      return {Status::error, fmt::format("could not start `{}`: {}", command, result.launch_error)};
    const std::string output = last_lines(result.err.empty() ? result.out : result.err, kTailLines);
    const std::string last = output.empty() ? "" : fmt::format("; last output:\n{}", output);
    if (result.timed_out) {
      return {Status::fail, fmt::format("`{}` did not finish within {} s and was stopped{}", command,
                                        request.timeout.count() / 1000.0, last)};
    }
    if (result.signal)
      return {Status::fail, fmt::format("`{}` was killed by signal {}{}", command, result.signal, last)};
    if (result.exit_code != exit_code) {
      return {Status::fail,
              fmt::format("`{}` exited with {}, expected {}{}", command, result.exit_code, exit_code, last)};
    }
    for (const auto& needle : stdout_contains) {
      if (!find_literal(result.out, needle))
        return {Status::fail, fmt::format("`{}` printed no '{}'{}", command, needle, last)};
    }
    for (const auto& needle : stderr_contains) {
      if (!find_literal(result.err, needle))
        return {Status::fail, fmt::format("`{}` printed no '{}' on stderr", command, needle)};
    }
    for (const auto& regex : stdout_matches) {
      if (find_regex(result.out, regex.compiled, regex.min_count).count < regex.min_count) {
        return {Status::fail, fmt::format("`{}` output has no match for /{}/{}", command, regex.pattern, last)};
      }
    }
    return {Status::pass,
            fmt::format("`{}` exited with {} in {:.1f} s", command, result.exit_code, result.elapsed.count() / 1000.0)};
  }
};

}  // namespace

std::unique_ptr<Check> parse_command_check(SpecMap& spec) {
  auto check = std::make_unique<CommandCheck>();
  check->command = spec.string("run", true).value_or("");
  check->timeout = spec.seconds("timeout", 86400);
  check->memory_mb = spec.integer("memory_mb", kLeastMemoryMib, kMostMemoryMib);
  check->exit_code = spec.integer("exit_code", 0, 255).value_or(0);
  check->stdout_contains = spec.string_list("stdout_contains").value_or(std::vector<std::string>{});
  check->stderr_contains = spec.string_list("stderr_contains").value_or(std::vector<std::string>{});
  check->stdout_matches = read_regex_list(spec, "stdout_matches").value_or(std::vector<LabRegex>{});
  check->required_programs = spec.string_list("requires").value_or(std::vector<std::string>{});
  check->scratch = spec.boolean("scratch").value_or(false);
  return check;
}

}  // namespace labkit
