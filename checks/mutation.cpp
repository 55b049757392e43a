// The `mutation` check: do the learner's tests catch bugs? labs breaks the
// functions that matter (the ones the lab names, or the prediction,
// preprocessing and validation functions it finds) — each body replaced by a
// `raise`, a constant return or its input returned — and runs the learner's
// suite against each broken version. A mutant the suite does not notice
// "survives"; the step passes when none does. The broken module is shown in
// place of the learner's only inside the sandbox (a read-only bind mount), so
// the learner's files are never written.
#include <labs/base/text_match.hpp>
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/process/python_code.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

/// What labs breaks when the lab names nothing.
constexpr const char* kDefaultTargets = "predict*|preprocess*|clean*|validate*|transform*|featur*";

struct Target {
  std::string path;
  PythonFunction function;
  std::string label() const { return fmt::format("{} ({}:{})", function.name, path, function.line); }
};

/// A file of its own for each mutant, removed afterwards (also on Ctrl-C).
class MutantFile {
 public:
  explicit MutantFile(const std::string& source)
      : m_path(write(source)), m_cleanup([path = m_path] {
          std::error_code ignored;
          if (!path.empty()) fs::remove(path, ignored);
        }) {}
  const fs::path& path() const { return m_path; }

 private:
  static fs::path write(const std::string& source) {
    std::string pattern = (fs::temp_directory_path() / "labs-mutant-XXXXXX.py").string();
    const int fd = ::mkstemps(pattern.data(), 3);
    if (fd < 0) return {};
    ::close(fd);
    ::chmod(pattern.c_str(), 0644);
    std::ofstream out(pattern, std::ios::binary);
    out << source;
    return out.flush() ? fs::path(pattern) : fs::path();
  }
  fs::path m_path;
  ScopedCleanup m_cleanup;
};

/// Whether a function serves an HTTP route: its tests go through the API,
/// which the lab's http steps probe; labs breaks the code behind it instead.
bool is_route_handler(const PythonFunction& function) {
  return std::any_of(function.decorators.begin(), function.decorators.end(), is_route_decorator);
}

class MutationCheck final : public Check {
 public:
  std::vector<std::string> functions;  ///< name patterns; empty: kDefaultTargets
  std::string files = "**/*.py";
  std::string suite;  ///< the command that runs the tests; "" runs pytest
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<long> memory_mb;
  long max_functions = 3;

  std::string describe() const override {
    return fmt::format("the test suite fails when labs breaks {} (body replaced by raise or a constant return)",
                       functions.empty() ? std::string("the prediction, preprocessing and validation functions")
                                         : fmt::format("{}", fmt::join(functions, ", ")));
  }

  StepOutcome run(const CheckContext& context) const override {
    if (!sandbox_active())
      return {Status::skip,
              "mutation testing needs the sandbox: the broken module is shown in place of yours only inside it, "
              "never written over your file (install bubblewrap)"};
    const PythonCode code = read_python_code(context.root(), own_files(context.repo, files));
    if (!code.error.empty()) return {Status::error, code.error};
    const auto targets = find_targets(code);
    if (targets.empty()) return no_target();
    for (const auto& target : targets) {
      if (target.function.stub)
        return {Status::fail,
                fmt::format("{} has no body yet (only a docstring, pass or ...): there is nothing for tests to catch",
                            target.label()),
                target.path, target.function.line};
    }
    const ProcessResult baseline = run_suite(context, {});
    if (!baseline.launch_error.empty()) return {Status::error, "could not start the tests: " + baseline.launch_error};
    if (baseline.exit_code == 5)
      return {Status::fail, "your test suite has no tests for labs to run (pytest collected none)"};
    if (baseline.exit_code != 0)
      return {Status::fail,
              fmt::format("your test suite does not pass before any change (exit {}), so it cannot show whether it "
                          "catches a bug:\n{}",
                          baseline.exit_code, last_lines(baseline.out + baseline.err, 6))};
    std::vector<std::string> killed, survived;
    for (const auto& target : targets) {
      const auto source = read_repo_text(context.root(), target.path, 2 << 20);
      std::string error;
      const auto mutants =
          source ? python_mutants(target.path, *source, target.function, error) : std::vector<PythonMutant>{};
      if (!error.empty()) return {Status::error, error};
      for (const auto& mutant : mutants) {
        const MutantFile file(mutant.source);
        if (file.path().empty()) return {Status::error, "cannot write a mutant to the temporary folder"};
        const ProcessResult result = run_suite(context, {{context.root() / target.path, file.path()}});
        if (!result.launch_error.empty()) return {Status::error, "could not start the tests: " + result.launch_error};
        (result.exit_code == 0 ? survived : killed).push_back(fmt::format("{} {}", target.label(), mutant.label));
      }
    }
    if (!survived.empty()) {
      return {Status::fail,
              fmt::format("your tests still pass when labs breaks these functions, so they would not catch such a "
                          "bug:\n{}\nadd a test that checks what each one returns (and {} other break(s) were caught)",
                          fmt::join(survived, "\n"), killed.size()),
              targets.front().path, targets.front().function.line};
    }
    return {Status::pass, fmt::format("your tests caught all {} break(s): {}", killed.size(), fmt::join(killed, "; "))};
  }

 private:
  std::vector<Target> find_targets(const PythonCode& code) const {
    std::vector<Target> targets;
    for (const auto& module : code.modules) {
      if (is_test_file(module.path)) continue;
      for (const auto& function : module.functions) {
        if (function.test || function.name.starts_with("_") || is_route_handler(function)) continue;
        const bool wanted = functions.empty()
                                ? dotted_name_matches(kDefaultTargets, function.name)
                                : std::any_of(functions.begin(), functions.end(), [&](const std::string& p) {
                                    return dotted_name_matches(p, function.name);
                                  });
        if (!wanted) continue;
        // A name defined twice in one scope: the later definition is the one that runs.
        std::erase_if(targets, [&](const Target& t) {
          return t.path == module.path && t.function.name == function.name && t.function.owner == function.owner;
        });
        targets.push_back({module.path, function});
      }
    }
    if (static_cast<long>(targets.size()) > max_functions) targets.resize(static_cast<std::size_t>(max_functions));
    return targets;
  }

  StepOutcome no_target() const {
    if (functions.empty())
      return {Status::fail, fmt::format("no prediction, preprocessing or validation function found in {} (a def named "
                                        "predict..., preprocess..., clean..., validate..., transform...)",
                                        files)};
    return {Status::fail,
            fmt::format("no function named {} in {} (tests are not counted)", fmt::join(functions, " or "), files)};
  }

  ProcessResult run_suite(const CheckContext& context, std::vector<std::pair<fs::path, fs::path>> replaced) const {
    const std::string command = suite.empty()
                                    ? "py=" + python_with("pytest") +
                                          "; if [ -z \"$py\" ]; then echo 'pytest is not installed' >&2; exit 127; fi; "
                                          "exec \"$py\" -m pytest -x -q -p no:cacheprovider"
                                    : suite;
    ProcessRequest request{command, context.root(), timeout.value_or(context.settings.default_timeout), 64 << 10,
                           probe_environment(context.root(), {}, {"PYTHONDONTWRITEBYTECODE=1"})};
    request.containment.replaced = std::move(replaced);
    set_memory_limit(request.containment, memory_mb);
    return run_process(request);
  }
};

}  // namespace

std::unique_ptr<Check> parse_mutation_check(SpecMap& spec) {
  auto check = std::make_unique<MutationCheck>();
  check->functions = spec.string_list("functions").value_or(std::vector<std::string>{});
  check->files = spec.string("files").value_or("**/*.py");
  if (auto problem = path_shape_problem(check->files); !problem.empty()) spec.error("files", problem);
  check->suite = spec.string("run").value_or("");
  check->timeout = spec.seconds("timeout", 3600);
  check->memory_mb = spec.integer("memory_mb", kLeastMemoryMib, kMostMemoryMib);
  check->max_functions = spec.integer("max_functions", 1, 20).value_or(3);
  return check;
}

}  // namespace labkit
