// The `dockerfile` check: reads the learner's Dockerfile with labs' own
// parser and applies the rules a lab asks for, each finding citing
// Dockerfile:LINE and, where one exists, the hadolint rule ID.
#include <labs/formats/dockerfile.hpp>
#include <labs/model/check.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

namespace labkit {

namespace {

struct Finding {
  int line = 0;
  std::string message;
};

using Rule = std::function<std::optional<Finding>(const Dockerfile&)>;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool contains(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }

/// The instructions of a stage with a keyword.
std::vector<const DockerInstruction*> in_stage(const Dockerfile& file, const DockerStage& stage,
                                               const std::string& keyword) {
  std::vector<const DockerInstruction*> found;
  for (std::size_t i = stage.first; i < stage.end; ++i) {
    if (file.instructions[i].keyword == keyword) found.push_back(&file.instructions[i]);
  }
  return found;
}

std::optional<Finding> pinned_base(const Dockerfile& file) {
  std::vector<std::string> aliases;
  for (const auto& stage : file.stages) {
    const std::string& image = stage.image;
    const bool alias = std::find(aliases.begin(), aliases.end(), lower(image)) != aliases.end();
    if (!stage.name.empty()) aliases.push_back(lower(stage.name));
    if (alias || image == "scratch" || image.starts_with("$") || contains(image, "@sha256:")) continue;
    const auto slash = image.rfind('/');
    const auto colon = image.find(':', slash == std::string::npos ? 0 : slash);
    if (colon == std::string::npos) {
      return Finding{stage.line,
                     fmt::format("FROM {} has no tag, so each build may get another image (DL3006): pin it, "
                                 "e.g. {}:3.11-slim",
                                 image, image)};
    }
    if (image.substr(colon + 1) == "latest") {
      return Finding{stage.line, fmt::format("FROM {} uses the moving 'latest' tag (DL3007): pin a version", image)};
    }
  }
  return std::nullopt;
}

std::optional<Finding> copy_not_add(const Dockerfile& file) {
  for (const auto& instruction : file.instructions) {
    if (instruction.keyword != "ADD") continue;
    const std::string source = instruction.arguments.substr(0, instruction.arguments.find(' '));
    const bool remote = source.starts_with("http://") || source.starts_with("https://") || source.starts_with("git@");
    const bool archive = contains(source, ".tar") || source.ends_with(".tgz");
    if (!remote && !archive) {
      return Finding{instruction.line, fmt::format("ADD {} copies local files: use COPY (DL3020)", source)};
    }
  }
  return std::nullopt;
}

std::optional<Finding> non_root(const Dockerfile& file) {
  const DockerStage* stage = file.final_stage();
  if (!stage) return std::nullopt;
  const auto users = in_stage(file, *stage, "USER");
  if (users.empty()) {
    return Finding{stage->line,
                   "the image runs as root: add a user and switch to it at the end, e.g. "
                   "RUN useradd -m app, then USER app (DL3002)"};
  }
  const std::string user = users.back()->arguments.substr(0, users.back()->arguments.find(':'));
  if (user == "root" || user == "0") {
    return Finding{users.back()->line, fmt::format("the last USER is {}: the container runs as root (DL3002)", user)};
  }
  return std::nullopt;
}

std::optional<Finding> no_secrets(const Dockerfile& file) {
  for (const auto& instruction : file.instructions) {
    if (instruction.keyword != "ENV" && instruction.keyword != "ARG") continue;
    std::string name = instruction.arguments.substr(0, instruction.arguments.find_first_of("= \t"));
    const std::string n = lower(name);
    for (const char* word :
         {"password", "passwd", "secret", "token", "api_key", "apikey", "private", "_key", "credential"}) {
      if (contains(n, word)) {
        return Finding{instruction.line,
                       fmt::format("{} {} bakes a secret into the image, where anyone with the image "
                                   "can read it (DL3064): pass it at run time (docker run -e, env_file)",
                                   instruction.keyword, name)};
      }
    }
  }
  return std::nullopt;
}

std::optional<Finding> pip_no_cache(const Dockerfile& file) {
  for (const auto& instruction : file.instructions) {
    if (instruction.keyword == "ENV" && contains(instruction.arguments, "PIP_NO_CACHE_DIR")) return std::nullopt;
  }
  for (const auto& instruction : file.instructions) {
    if (instruction.keyword != "RUN") continue;
    const std::string& run = instruction.arguments;
    if (contains(run, "pip install") || contains(run, "pip3 install")) {
      if (!contains(run, "--no-cache-dir") && !contains(run, "PIP_NO_CACHE_DIR")) {
        return Finding{instruction.line,
                       "pip install keeps its download cache in the image: add --no-cache-dir (DL3042)"};
      }
    }
  }
  return std::nullopt;
}

std::optional<Finding> apt_lists_cleaned(const Dockerfile& file) {
  for (const auto& instruction : file.instructions) {
    if (instruction.keyword != "RUN") continue;
    const std::string& run = instruction.arguments;
    if ((contains(run, "apt-get install") || contains(run, "apt install")) &&
        !contains(run, "rm -rf /var/lib/apt/lists")) {
      return Finding{instruction.line,
                     "apt package lists stay in the image: end the same RUN with "
                     "&& rm -rf /var/lib/apt/lists/* (DL3009)"};
    }
  }
  return std::nullopt;
}

std::optional<Finding> exec_form_cmd(const Dockerfile& file) {
  for (const auto& instruction : file.instructions) {
    if ((instruction.keyword == "CMD" || instruction.keyword == "ENTRYPOINT") && !instruction.json_form) {
      return Finding{instruction.line,
                     fmt::format("{} is in shell form, so signals go to /bin/sh, not your app: write it "
                                 "as a JSON array with double quotes, e.g. [\"python\", \"app.py\"] (DL3025)",
                                 instruction.keyword)};
    }
  }
  return std::nullopt;
}

const std::map<std::string, Rule>& rules() {
  static const std::map<std::string, Rule> table{
      {"pinned-base", pinned_base},     {"copy-not-add", copy_not_add}, {"non-root", non_root},
      {"no-secrets", no_secrets},       {"pip-no-cache", pip_no_cache}, {"apt-lists-cleaned", apt_lists_cleaned},
      {"exec-form-cmd", exec_form_cmd},
  };
  return table;
}

/// Whether a .dockerignore line keeps `path` out of the build context.
bool ignores(const std::string& pattern, const std::string& path) {
  std::string p = pattern;
  if (p.starts_with("./")) p.erase(0, 2);
  if (p.starts_with("**/")) p.erase(0, 3);
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p == path || (is_glob(p) && glob_match(p, path)) || p == "*" || p == "**";
}

class DockerfileCheck final : public Check {
 public:
  std::string configured_path;  ///< "" = the Dockerfile discovery finds
  std::vector<std::string> instructions;
  std::vector<std::string> rule_names;
  bool multi_stage = false;
  std::vector<long> exposes;
  std::vector<std::string> dockerignore;

  std::string describe() const override {
    std::vector<std::string> parts;
    if (!instructions.empty()) parts.push_back(fmt::format("has {}", fmt::join(instructions, ", ")));
    if (!rule_names.empty()) parts.push_back(fmt::format("follows {}", fmt::join(rule_names, ", ")));
    if (multi_stage) parts.push_back("multi-stage");
    if (!exposes.empty()) parts.push_back(fmt::format("exposes {}", fmt::join(exposes, ", ")));
    if (!dockerignore.empty())
      parts.push_back(fmt::format(".dockerignore keeps out {}", fmt::join(dockerignore, ", ")));
    return fmt::format("{}: {}", configured_path.empty() ? "the Dockerfile" : configured_path, fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::string note;
    const std::string path = locate(context, note);
    if (path.empty())
      return {Status::fail,
              "no Dockerfile in the repository (looked for Dockerfile, dockerfile, *.Dockerfile and Containerfile in "
              "every folder)"};
    StepOutcome outcome = judge(context, path);
    if (!note.empty()) outcome.evidence = note + "\n" + outcome.evidence;
    return outcome;
  }

 private:
  /// The lab's path, or the Dockerfile discovery chooses (with a note saying so).
  std::string locate(const CheckContext& context, std::string& note) const {
    if (!configured_path.empty()) return configured_path;
    const auto found = discover_project(context.repo).dockerfiles;
    std::string chosen = preferred_candidate(found);
    if (!chosen.empty() && (found.size() > 1 || chosen != "Dockerfile"))
      note = discovery_note("Dockerfile", found, chosen);
    return chosen;
  }

  StepOutcome judge(const CheckContext& context, const std::string& path) const {
    const ResolvedPath resolved = resolve_inside(context.root(), path);
    if (!resolved.ok()) return {Status::fail, resolved.error, path};
    std::string error;
    const auto text = read_text_file(resolved, 1 << 20, error);
    if (!text) return {Status::fail, fmt::format("{} not found", path), path};
    const Dockerfile file = parse_dockerfile(*text);
    if (!file.problems.empty()) {
      const std::string& problem = file.problems.front();
      return {Status::fail, fmt::format("{}:{}", path, problem), path, std::atoi(problem.c_str())};
    }
    std::vector<Finding> findings;
    for (const auto& wanted : instructions) {
      std::vector<std::string> alternatives;
      for (std::size_t start = 0, bar; start <= wanted.size(); start = bar + 1) {
        bar = std::min(wanted.find('|', start), wanted.size());
        alternatives.push_back(wanted.substr(start, bar - start));
      }
      const bool present =
          std::any_of(file.instructions.begin(), file.instructions.end(), [&](const DockerInstruction& i) {
            return std::find(alternatives.begin(), alternatives.end(), i.keyword) != alternatives.end();
          });
      if (!present) findings.push_back({0, fmt::format("it has no {} instruction", fmt::join(alternatives, " or "))});
    }
    for (const auto& name : rule_names) {
      if (auto finding = rules().at(name)(file)) findings.push_back(*finding);
    }
    if (multi_stage && file.stages.size() < 2) {
      findings.push_back(
          {file.stages.empty() ? 0 : file.stages[0].line,
           "a single stage: build in one stage (FROM ... AS build) and copy only what runs into a slim final one"});
    }
    for (long port : exposes) {
      const bool exposed =
          std::any_of(file.instructions.begin(), file.instructions.end(), [&](const DockerInstruction& i) {
            return i.keyword == "EXPOSE" &&
                   (" " + i.arguments + " ").find(" " + std::to_string(port)) != std::string::npos;
          });
      if (!exposed) findings.push_back({0, fmt::format("no EXPOSE {}", port)});
    }
    if (!dockerignore.empty()) {
      if (auto problem = check_dockerignore(context, path); !problem.empty()) findings.push_back({0, problem});
    }
    if (findings.empty()) {
      return {Status::pass, fmt::format("{}: {} instruction(s) in {} stage(s), all rules met", path,
                                        file.instructions.size(), file.stages.size())};
    }
    std::vector<std::string> lines;
    lines.reserve(findings.size());
    for (const auto& f : findings)
      lines.push_back(f.line ? fmt::format("{}:{}: {}", path, f.line, f.message)
                             : fmt::format("{}: {}", path, f.message));
    const auto located = std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.line > 0; });
    return {Status::fail, fmt::format("{}", fmt::join(lines, "\n")), path,
            located == findings.end() ? 0 : located->line};
  }

  /// The .dockerignore of the build: BuildKit's <Dockerfile>.dockerignore
  /// beside it, then the one at the root of the context (the repository).
  std::string check_dockerignore(const CheckContext& context, const std::string& path) const {
    std::optional<std::string> text;
    for (const auto& candidate : {path + ".dockerignore", std::string(".dockerignore")}) {
      const ResolvedPath resolved = resolve_inside(context.root(), candidate);
      std::string error;
      if (!text && resolved.ok()) text = read_text_file(resolved, 1 << 20, error);
    }
    if (!text)
      return fmt::format("no .dockerignore: the build context would include {}", fmt::join(dockerignore, ", "));
    std::vector<std::string> missing;
    for (const auto& wanted : dockerignore) {
      bool kept_out = false;
      std::size_t start = 0;
      while (start <= text->size()) {
        const std::size_t end = std::min(text->find('\n', start), text->size());
        std::string line = text->substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line[0] != '#')
          kept_out = line[0] == '!' ? (ignores(line.substr(1), wanted) ? false : kept_out)
                                    : (kept_out || ignores(line, wanted));
        start = end + 1;
      }
      if (!kept_out) missing.push_back(wanted);
    }
    if (missing.empty()) return "";
    return fmt::format(".dockerignore does not keep out {}: add them, one per line", fmt::join(missing, ", "));
  }
};

}  // namespace

std::unique_ptr<Check> parse_dockerfile_check(SpecMap& spec) {
  auto check = std::make_unique<DockerfileCheck>();
  check->configured_path = spec.one_path("path").value_or("");
  if (auto problem = path_shape_problem(check->configured_path); !check->configured_path.empty() && !problem.empty())
    spec.error("path", problem);
  check->instructions = spec.string_list("instructions").value_or(std::vector<std::string>{});
  std::vector<std::string> known;
  for (const auto& [name, rule] : rules()) known.push_back(name);
  check->rule_names = spec.name_list("rules", known, "rule").value_or(std::vector<std::string>{});
  check->multi_stage = spec.boolean("multi_stage").value_or(false);
  const YAML::Node ports = spec.node("exposes");
  if (ports.IsDefined()) {
    for (const auto& port : ports.IsSequence() ? ports : YAML::Node(std::vector<YAML::Node>{ports})) {
      long value = 0;
      if (!port.IsScalar() || !YAML::convert<long>::decode(port, value) || value < 1 || value > 65535) {
        spec.diagnostics().error(location_of(port, spec.file()), "'exposes' takes port numbers (1-65535)");
      } else {
        check->exposes.push_back(value);
      }
    }
  }
  check->dockerignore = spec.string_list("dockerignore").value_or(std::vector<std::string>{});
  if (check->instructions.empty() && check->rule_names.empty() && !check->multi_stage && check->exposes.empty() &&
      check->dockerignore.empty()) {
    spec.error("instructions",
               "a dockerfile check needs at least one of instructions, rules, multi_stage, exposes, dockerignore");
  }
  return check;
}

}  // namespace labkit
