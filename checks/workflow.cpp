// The `workflow` check: the learner's CI — GitHub Actions workflows and
// .gitlab-ci.yml — is triggered as asked and has jobs that run the tests,
// build an image and run linters. Read as YAML; `on:` is found whether a
// YAML 1.1 tool turned it into `true:` or not.
#include <labs/model/check.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/repo/repo_yaml.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <boost/regex.hpp>
#include <set>

namespace labkit {

namespace {

constexpr std::array kPlatforms{"any", "github", "gitlab"};
constexpr std::array kTriggers{"push", "pull_request", "schedule", "workflow_dispatch", "merge_request"};

/// A command line of a job: a GitHub step's `run:` or `uses:`, a GitLab job's script line.
struct Command {
  std::string file;
  int line = 0;
  std::string text;
};

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
    const YAML::Node steps = job.second.IsMap() ? job.second["steps"] : YAML::Node();
    if (!yaml_present(steps) || !steps.IsSequence()) continue;
    for (const auto& step : steps) {
      if (!step.IsMap()) continue;
      add_lines(step["run"], file, pipeline.commands);
      add_lines(step["uses"], file, pipeline.commands);
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

/// What counts as doing each job, as a regular expression over a command line.
std::string pattern_for(const std::string& tool) {
  if (tool == "pytest") return R"(\bpytest\b)";
  if (tool == "docker-build") {
    return R"(\b(docker|podman)\s+(buildx\s+)?build\b|docker/build-push-action|\bkaniko\b|\bbuildah\s+bud\b)";
  }
  return "\\b" + tool + "\\b";
}

/// Whether one of the shell commands in `text` (split at newlines, &&, || and
/// ;) runs the tool; `pip install flake8` installs it, which does not count.
bool runs_tool(const std::string& text, const boost::regex& tool) {
  static const boost::regex installs(
      R"(^\s*(sudo\s+)?(python3?\s+-m\s+)?(pip3?|pipx|uv|poetry|apt(-get)?|npm)\s+(install|add)\b)");
  static const boost::regex separators(R"(\n|&&|\|\||;)");
  for (boost::sregex_token_iterator part(text.begin(), text.end(), separators, -1), end; part != end; ++part) {
    const std::string command = *part;
    if (!boost::regex_search(command, installs) && boost::regex_search(command, tool)) return true;
  }
  return false;
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
    const auto first_running = [&](const std::string& tool) -> const Command* {
      const boost::regex wanted(pattern_for(tool), boost::regex::icase);
      for (const auto& pipeline : pipelines) {
        for (const auto& command : pipeline.commands) {
          if (runs_tool(command.text, wanted)) return &command;
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
