// The `workflow` check: the learner's CI — GitHub Actions workflows and
// .gitlab-ci.yml — is triggered as asked and has jobs that run the tests,
// build an image and run linters. Read as YAML; `on:` is found whether a
// YAML 1.1 tool turned it into `true:` or not. A step runs a tool when its
// shell commands start it (`echo pytest` and `# pytest` do not), its failure
// is not thrown away (`|| true`, `; exit 0`, `continue-on-error`,
// `allow_failure`) and its job runs at all (not `if: false`, not manual).
#include <labs/formats/shell_script.hpp>
#include <labs/model/check.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/repo/repo_yaml.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <boost/regex.hpp>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace labkit {

namespace {

constexpr std::array kPlatforms{"any", "github", "gitlab"};
constexpr std::array kTriggers{"push", "pull_request", "schedule", "workflow_dispatch", "merge_request"};

/// A command line of a job: a GitHub step's `run:` or `uses:`, a GitLab job's script line.
struct Command {
  std::string file;
  int line = 0;
  std::string text;
  bool action = false;  ///< a `uses:` reference, not shell
};

/// Whether an `if:` can never be true: `false`, `${{ false }}`.
bool never_runs(const YAML::Node& condition) {
  if (!yaml_present(condition) || !condition.IsScalar()) return false;
  std::string text = condition.Scalar();
  std::erase_if(text, [](char c) { return c == ' '; });
  return text == "false" || text == "${{false}}";
}

bool is_true(const YAML::Node& node) { return yaml_present(node) && node.IsScalar() && node.Scalar() == "true"; }

/// Whether a GitHub job or step does not run, or may fail without failing the workflow.
bool does_not_count(const YAML::Node& part) { return never_runs(part["if"]) || is_true(part["continue-on-error"]); }

struct Pipeline {
  std::string file;
  std::set<std::string> triggers;
  std::vector<Command> commands;
};

void add_lines(const YAML::Node& node, const std::string& file, std::vector<Command>& out) {
  if (!yaml_present(node)) return;
  if (node.IsScalar()) out.push_back({file, yaml_line(node), node.Scalar()});
  if (node.IsSequence()) {
    for (const auto& entry : node) add_lines(entry, file, out);
  }
}

Pipeline read_github(const YAML::Node& root, const std::string& file) {
  Pipeline pipeline{file, {}, {}};
  // `on:` as it is, or as a YAML 1.1 tool rewrote it (`true:`).
  const YAML::Node on = yaml_present(root["on"]) ? root["on"] : root["true"];
  if (yaml_present(on) && on.IsScalar()) pipeline.triggers.insert(on.Scalar());
  if (yaml_present(on) && on.IsSequence()) {
    for (const auto& trigger : on) pipeline.triggers.insert(trigger.Scalar());
  }
  if (yaml_present(on) && on.IsMap()) {
    for (const auto& trigger : on) pipeline.triggers.insert(trigger.first.Scalar());
  }
  const YAML::Node jobs = root["jobs"];
  if (!yaml_present(jobs) || !jobs.IsMap()) return pipeline;
  for (const auto& job : jobs) {
    if (!job.second.IsMap() || does_not_count(job.second)) continue;
    const YAML::Node steps = job.second["steps"];
    if (!yaml_present(steps) || !steps.IsSequence()) continue;
    for (const auto& step : steps) {
      if (!step.IsMap() || does_not_count(step)) continue;
      add_lines(step["run"], file, pipeline.commands);
      const std::size_t before = pipeline.commands.size();
      add_lines(step["uses"], file, pipeline.commands);
      for (std::size_t i = before; i < pipeline.commands.size(); ++i) pipeline.commands[i].action = true;
    }
  }
  return pipeline;
}

Pipeline read_gitlab(const YAML::Node& root, const std::string& file) {
  static const std::set<std::string> global{"stages", "default",  "include", "variables",     "workflow",
                                            "image",  "services", "cache",   "before_script", "after_script"};
  Pipeline pipeline{file, {"push"}, {}};  // GitLab runs a pipeline on every push unless rules say otherwise
  std::string text;
  for (const auto& entry : root) {
    const std::string name = entry.first.Scalar();
    if (global.count(name) || !entry.second.IsMap()) continue;
    const std::string when = yaml_text(entry.second["when"]);
    if (is_true(entry.second["allow_failure"]) || when == "never" || when == "manual") continue;
    for (const char* key : {"before_script", "script", "after_script"})
      add_lines(entry.second[key], file, pipeline.commands);
    const YAML::Node image = entry.second["image"];
    if (yaml_present(image) && image.IsScalar())
      pipeline.commands.push_back({file, yaml_line(image), "image: " + image.Scalar()});
    for (const char* key : {"rules", "only"}) {
      if (yaml_present(entry.second[key])) text += YAML::Dump(entry.second[key]);
    }
  }
  if (yaml_present(root["workflow"])) text += YAML::Dump(root["workflow"]);
  if (text.find("merge_request") != std::string::npos) pipeline.triggers.insert("merge_request");
  if (text.find("schedule") != std::string::npos) pipeline.triggers.insert("schedule");
  return pipeline;
}

/// The targets of a Makefile and the commands of their recipes.
using Makefile = std::map<std::string, std::vector<std::string>>;

/// A recipe line with the Makefile's simple variables put in (`$(PY) -m pytest`).
std::string expand_variables(std::string line, const std::map<std::string, std::string>& variables) {
  for (const auto& [name, value] : variables) {
    for (const std::string& use : {"$(" + name + ")", "${" + name + "}"}) {
      for (std::size_t at; (at = line.find(use)) != std::string::npos;) line.replace(at, use.size(), value);
    }
  }
  return line;
}

Makefile read_makefile(const std::filesystem::path& root) {
  Makefile targets;
  std::map<std::string, std::string> variables;
  static const boost::regex assignment(R"(^([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:?+]?=[ \t]*(.*?)[ \t]*$)");
  std::optional<std::string> text;
  for (const char* name : {"GNUmakefile", "makefile", "Makefile"})
    text = text ? text : read_repo_text(root, name, 1 << 20);
  static const boost::regex rule(R"(^([A-Za-z0-9_./%-]+(?:[ \t]+[A-Za-z0-9_./%-]+)*)[ \t]*::?(?!=))");
  std::vector<std::string> current;
  std::istringstream lines(text.value_or(""));
  for (std::string line; std::getline(lines, line);) {
    boost::smatch names;
    if (line.starts_with('\t')) {
      const std::size_t start = line.find_first_not_of("\t @-+");
      for (const auto& name : current) {
        targets[name].push_back(start == std::string::npos ? "" : expand_variables(line.substr(start), variables));
      }
    } else if (boost::regex_search(line, names, assignment)) {
      variables[names[1].str()] = names[2].str();
    } else if (boost::regex_search(line, names, rule)) {
      current.clear();
      std::istringstream words(names[1].str());
      for (std::string word; words >> word;) current.push_back(word);
    } else if (!line.empty() && line.front() != '#') {
      current.clear();
    }
  }
  return targets;
}

/// Whether a command only asks the tool about itself (`pytest --version`,
/// `flake8 --help`, `pytest --collect-only`, `docker build --help`): that
/// runs no test, lints nothing and builds nothing.
bool only_informs(const std::vector<std::string>& program) {
  static const std::set<std::string> informing{"--version", "-V", "--help", "-h", "--collect-only", "--co"};
  return std::any_of(program.begin() + 1, program.end(),
                     [](const std::string& word) { return informing.contains(word); });
}

/// Whether a program (program_words) is the tool, or a runner of it.
bool is_tool(const std::vector<std::string>& program, const std::string& tool) {
  if (only_informs(program)) return false;
  const auto word = [&](std::size_t at) { return at < program.size() ? program[at] : std::string(); };
  if (tool == "pytest") {
    static const std::set<std::string> runners{"pytest", "py.test", "tox", "nox", "unittest"};
    return runners.count(word(0)) > 0;
  }
  if (tool == "docker-build") {
    if (word(0) == "docker" || word(0) == "podman")
      return word(1) == "build" || (word(1) == "buildx" && word(2) == "build") ||
             (word(1) == "compose" && std::find(program.begin(), program.end(), "build") != program.end());
    return (word(0) == "buildah" && (word(1) == "bud" || word(1) == "build")) || word(0) == "kaniko" ||
           word(0) == "executor";  // kaniko's /kaniko/executor
  }
  return word(0) == tool;
}

/// Whether the command after a tool throws its failure away: `|| true`,
/// `|| :`, `|| echo ...`, `|| exit 0`, or `; exit 0`.
bool swallows_failure(const ShellCommand& tool, const ShellCommand* next) {
  if (!next || next->words.empty()) return false;
  const std::string& name = next->words.front();
  const bool exits_zero = name == "exit" && (next->words.size() == 1 || next->words[1] == "0");
  if (tool.then == "||") return name == "true" || name == ":" || name == "echo" || exits_zero;
  return (tool.then == ";" || tool.then == "\n") && exits_zero;
}

/// Whether a shell script runs the tool, directly or through `make TARGET`
/// (whose recipe runs it), and does not throw its failure away.
bool script_runs(const std::string& script, const std::string& tool, const Makefile& makefile, int depth = 0) {
  const std::vector<ShellCommand> commands = shell_commands(script);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::vector<std::string> program = program_words(commands[i].words);
    bool runs = !program.empty() && is_tool(program, tool);
    if (!runs && !program.empty() && (program[0] == "make" || program[0] == "$(MAKE)") && depth < 4) {
      for (std::size_t at = 1; at < program.size() && !runs; ++at) {
        const auto target = makefile.find(program[at]);
        if (target == makefile.end()) continue;
        for (const auto& line : target->second) runs = runs || script_runs(line, tool, makefile, depth + 1);
      }
    }
    if (runs && !swallows_failure(commands[i], i + 1 < commands.size() ? &commands[i + 1] : nullptr)) return true;
  }
  return false;
}

/// The marketplace actions that run a tool themselves: `uses: psf/black@stable`.
bool action_runs(const std::string& action, const std::string& tool) {
  static const std::map<std::string, std::vector<std::string>> kActions{
      {"docker-build", {"docker/build-push-action"}},
      {"black", {"psf/black"}},
      {"ruff", {"astral-sh/ruff-action", "chartboost/ruff-action"}},
      {"flake8", {"py-actions/flake8", "suo/flake8-github-action"}},
  };
  const auto found = kActions.find(tool);
  if (found == kActions.end()) return false;
  return std::any_of(found->second.begin(), found->second.end(),
                     [&](const std::string& name) { return action.starts_with(name + "@") || action == name; });
}

bool command_runs(const Command& command, const std::string& tool, const Makefile& makefile) {
  if (command.action) return action_runs(command.text, tool);
  return script_runs(command.text, tool, makefile);
}

class WorkflowCheck final : public Check {
 public:
  std::string platform = "any";
  std::vector<std::string> triggers;
  std::vector<std::string> runs;   ///< every one must run
  std::vector<std::string> lints;  ///< at least one must run
  bool builds_image = false;

  std::string describe() const override {
    std::vector<std::string> parts;
    if (!triggers.empty()) parts.push_back(fmt::format("runs on {}", fmt::join(triggers, ", ")));
    if (!runs.empty()) parts.push_back(fmt::format("runs {}", fmt::join(runs, ", ")));
    if (builds_image) parts.push_back("builds a container image");
    if (!lints.empty()) parts.push_back(fmt::format("runs a linter ({})", fmt::join(lints, " or ")));
    return fmt::format("CI workflow that {}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<Pipeline> pipelines;
    std::vector<std::string> broken;
    const auto read = [&](const std::string& relative, bool github) {
      std::string problem;
      const auto root = read_repo_yaml(context.root(), relative, problem);
      if (!problem.empty()) broken.push_back(problem);
      if (root && root->IsMap())
        pipelines.push_back(github ? read_github(*root, relative) : read_gitlab(*root, relative));
    };
    if (platform != "gitlab") {
      for (const auto& file : glob_files(context.root(), ".github/workflows/*.{yml,yaml}")) read(file, true);
    }
    if (platform != "github") read(".gitlab-ci.yml", false);
    if (pipelines.empty()) {
      const std::string where = platform == "github"   ? ".github/workflows/*.yml"
                                : platform == "gitlab" ? ".gitlab-ci.yml"
                                                       : ".github/workflows/*.yml or .gitlab-ci.yml";
      return {Status::fail, broken.empty() ? fmt::format("no CI workflow: add {}", where)
                                           : fmt::format("{}", fmt::join(broken, "\n"))};
    }
    std::vector<std::string> missing;
    for (const auto& trigger : triggers) {
      const bool found = std::any_of(pipelines.begin(), pipelines.end(),
                                     [&](const Pipeline& p) { return p.triggers.count(trigger) > 0; });
      if (!found) missing.push_back(fmt::format("no workflow runs on {}", trigger));
    }
    const Makefile makefile = read_makefile(context.root());
    const auto first_running = [&](const std::string& tool) -> const Command* {
      for (const auto& pipeline : pipelines) {
        for (const auto& command : pipeline.commands) {
          if (command_runs(command, tool, makefile)) return &command;
        }
      }
      return nullptr;
    };
    std::vector<std::string> found;
    for (const auto& tool : runs) {
      if (const Command* command = first_running(tool))
        found.push_back(fmt::format("{} at {}:{}", tool, command->file, command->line));
      else
        missing.push_back(fmt::format("no job step runs {}", tool));
    }
    if (builds_image) {
      if (const Command* command = first_running("docker-build"))
        found.push_back(fmt::format("image build at {}:{}", command->file, command->line));
      else
        missing.push_back("no job step builds a container image (docker build, docker/build-push-action, kaniko)");
    }
    if (!lints.empty()) {
      const Command* linter = nullptr;
      for (const auto& tool : lints) linter = linter ? linter : first_running(tool);
      if (linter)
        found.push_back(fmt::format("linter at {}:{}", linter->file, linter->line));
      else
        missing.push_back(fmt::format("no job step runs a linter ({})", fmt::join(lints, ", ")));
    }
    std::vector<std::string> files;
    files.reserve(pipelines.size());
    for (const auto& pipeline : pipelines) files.push_back(pipeline.file);
    if (!missing.empty()) {
      return {Status::fail, fmt::format("{} (read {})", fmt::join(missing, "; "), fmt::join(files, ", ")),
              pipelines.front().file};
    }
    return {Status::pass,
            fmt::format("{}{}{}", fmt::join(files, ", "), found.empty() ? "" : ": ", fmt::join(found, ", "))};
  }
};

}  // namespace

std::unique_ptr<Check> parse_workflow_check(SpecMap& spec) {
  auto check = std::make_unique<WorkflowCheck>();
  if (auto platform = spec.string("platform")) {
    if (std::find(kPlatforms.begin(), kPlatforms.end(), *platform) == kPlatforms.end()) {
      spec.error("platform", fmt::format("'platform' is any, github or gitlab, found '{}'", *platform));
    } else {
      check->platform = *platform;
    }
  }
  check->triggers =
      spec.name_list("triggers", {kTriggers.begin(), kTriggers.end()}, "trigger").value_or(std::vector<std::string>{});
  check->runs = spec.string_list("runs").value_or(std::vector<std::string>{});
  check->lints = spec.string_list("lints").value_or(std::vector<std::string>{});
  check->builds_image = spec.boolean("builds_image").value_or(false);
  for (const auto& list : {check->runs, check->lints}) {
    for (const auto& tool : list) {
      if (tool.empty() || !std::all_of(tool.begin(), tool.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
          })) {
        spec.error(list == check->runs ? "runs" : "lints", fmt::format("'{}' is not a program name", tool));
      }
    }
  }
  if (check->triggers.empty() && check->runs.empty() && check->lints.empty() && !check->builds_image) {
    spec.error("runs", "a workflow check needs at least one of triggers, runs, builds_image, lints");
  }
  return check;
}

}  // namespace labkit
