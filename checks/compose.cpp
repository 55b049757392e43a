// The `compose` check: the learner's Compose file — services present, how
// they start, wait for and keep their data, and that no secret is written in.
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace labkit {

namespace {

constexpr std::array kComposeFiles{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"};
constexpr std::array kTopLevelKeys{"version",  "name",    "include", "services", "models",
                                   "networks", "volumes", "secrets", "configs"};
constexpr std::array kDatabases{"postgres", "postgresql", "mysql", "mariadb", "mongo", "redis"};
constexpr std::array kRules{"build-or-image", "healthy-dependencies", "database-volumes", "no-literal-secrets",
                            "known-keys"};

struct Finding {
  int line = 0;
  std::string message;
};

// yaml-cpp throws when asked the type of a key that is absent: ask IsDefined first.
bool is_scalar(const YAML::Node& node) { return node.IsDefined() && node.IsScalar(); }
bool is_map(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }
bool is_sequence(const YAML::Node& node) { return node.IsDefined() && node.IsSequence(); }

int line_of(const YAML::Node& node) { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }

/// "bitnami/postgresql:16-alpine" → "postgresql"
std::string image_name(const YAML::Node& service) {
  if (!is_map(service)) return "";
  const YAML::Node image = service["image"];
  if (!is_scalar(image)) return "";
  std::string name = image.Scalar();
  name = name.substr(0, name.find('@'));
  const auto slash = name.rfind('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  return name.substr(0, name.find(':'));
}

bool is_database(const YAML::Node& service) {
  const std::string image = image_name(service);
  return std::any_of(kDatabases.begin(), kDatabases.end(), [&](const char* db) { return image == db; });
}

/// depends_on as (name, condition, node) whatever its form.
std::vector<std::tuple<std::string, std::string, YAML::Node>> dependencies(const YAML::Node& service) {
  std::vector<std::tuple<std::string, std::string, YAML::Node>> found;
  if (!is_map(service)) return found;
  const YAML::Node depends = service["depends_on"];
  if (is_sequence(depends)) {
    for (const auto& name : depends) found.emplace_back(name.Scalar(), "service_started", name);
  } else if (is_map(depends)) {
    for (const auto& entry : depends) {
      const YAML::Node condition = entry.second["condition"];
      found.emplace_back(entry.first.Scalar(), is_scalar(condition) ? condition.Scalar() : "service_started",
                         entry.first);
    }
  }
  return found;
}

class ComposeCheck final : public Check {
 public:
  std::string path;  ///< "" = the first standard name that exists
  std::vector<std::string> services;
  std::vector<std::string> rules;
  std::map<std::string, long> ports;

  std::string describe() const override {
    std::vector<std::string> parts;
    if (!services.empty()) parts.push_back(fmt::format("services {}", fmt::join(services, ", ")));
    if (!rules.empty()) parts.push_back(fmt::format("follows {}", fmt::join(rules, ", ")));
    for (const auto& [service, port] : ports) parts.push_back(fmt::format("{} publishes {}", service, port));
    return fmt::format("{}: {}", path.empty() ? "compose file" : path, fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::string file = path;
    std::optional<std::string> text;
    std::string error;
    for (const char* candidate : kComposeFiles) {
      if (!path.empty()) break;
      const ResolvedPath resolved = resolve_inside(context.root(), candidate);
      if (resolved.ok() && (text = read_text_file(resolved, 1 << 20, error))) {
        file = candidate;
        break;
      }
    }
    std::string note;
    if (path.empty() && !text) file = main_compose_file(context.repo, note);
    if (!file.empty() && !text) {
      const ResolvedPath resolved = resolve_inside(context.root(), file);
      if (!resolved.ok()) return {Status::fail, resolved.error, file};
      text = read_text_file(resolved, 1 << 20, error);
    }
    if (!text) {
      return {Status::fail, path.empty() ? "no Compose file in the repository (compose.yaml, docker-compose.yml or "
                                           "docker-compose.*.yml in any folder)"
                                         : fmt::format("{} not found", path)};
    }
    StepOutcome outcome = judge_text(*text, file);
    if (!note.empty()) outcome.evidence = note + "\n" + outcome.evidence;
    return outcome;
  }

 private:
  StepOutcome judge_text(const std::string& text, const std::string& file) const {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      return {Status::fail, fmt::format("{}:{}: not valid YAML: {}", file, e.mark.line + 1, e.msg), file,
              e.mark.line + 1};
    }
    const YAML::Node all = is_map(root) ? root["services"] : YAML::Node();
    if (!is_map(root) || !is_map(all)) return {Status::fail, fmt::format("{} has no services: mapping", file), file};
    std::vector<Finding> findings = judge(root, all);
    if (findings.empty()) return {Status::pass, fmt::format("{}: {} service(s), all that is asked", file, all.size())};
    std::vector<std::string> lines;
    lines.reserve(findings.size());
    for (const auto& f : findings)
      lines.push_back(f.line ? fmt::format("{}:{}: {}", file, f.line, f.message)
                             : fmt::format("{}: {}", file, f.message));
    return {Status::fail, fmt::format("{}", fmt::join(lines, "\n")), file, findings.front().line};
  }

 private:
  const YAML::Node* find_service(const YAML::Node& all, const std::string& wanted, YAML::Node& out) const {
    for (const auto& entry : all) {
      if (entry.first.Scalar() == wanted || image_name(entry.second) == wanted) {
        out.reset(entry.second);
        return &out;
      }
    }
    return nullptr;
  }

  std::vector<Finding> judge(const YAML::Node& root, const YAML::Node& all) const {
    std::vector<Finding> findings;
    for (const auto& wanted : services) {
      YAML::Node found;
      if (!find_service(all, wanted, found))
        findings.push_back({line_of(all), fmt::format("no service named {} or running its image", wanted)});
    }
    for (const auto& [wanted, port] : ports) {
      YAML::Node service;
      if (!find_service(all, wanted, service)) continue;
      bool published = false;
      const YAML::Node published_ports = is_map(service) ? service["ports"] : YAML::Node();
      for (const auto& entry : is_sequence(published_ports) ? published_ports : YAML::Node(YAML::NodeType::Sequence)) {
        const std::string text = is_map(entry) ? (is_scalar(entry["target"]) ? entry["target"].Scalar() : "")
                                               : (is_scalar(entry) ? entry.Scalar() : "");
        const std::string container = text.substr(text.rfind(':') == std::string::npos ? 0 : text.rfind(':') + 1);
        if (container.substr(0, container.find('/')) == std::to_string(port)) published = true;
      }
      if (!published)
        findings.push_back({line_of(service), fmt::format("service {} does not publish port {} (ports: [\"{}:{}\"])",
                                                          wanted, port, port, port)});
    }
    for (const auto& rule : rules) apply(rule, root, all, findings);
    return findings;
  }

  void apply(const std::string& rule, const YAML::Node& root, const YAML::Node& all,
             std::vector<Finding>& findings) const {
    if (rule == "known-keys") {
      for (const auto& entry : root) {
        const std::string key = entry.first.Scalar();
        if (key.starts_with("x-") || std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key) != kTopLevelKeys.end())
          continue;
        std::vector<std::string> known(kTopLevelKeys.begin(), kTopLevelKeys.end());
        const auto suggestion = did_you_mean(key, known);
        findings.push_back({line_of(entry.first),
                            fmt::format("unknown top-level key '{}'{}", key,
                                        suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion))});
      }
    }
    for (const auto& entry : all) {
      const std::string name = entry.first.Scalar();
      const YAML::Node& service = entry.second;
      if (!is_map(service)) continue;
      if (rule == "build-or-image" && !service["build"] && !service["image"]) {
        findings.push_back({line_of(entry.first), fmt::format("service {} has neither build nor image", name)});
      }
      if (rule == "database-volumes" && is_database(service) && !service["volumes"]) {
        findings.push_back(
            {line_of(entry.first), fmt::format("database service {} keeps its data in the container, lost with it: "
                                               "mount a named volume",
                                               name)});
      }
      if (rule == "healthy-dependencies") {
        for (const auto& [dependency, condition, node] : dependencies(service)) {
          const YAML::Node target = all[dependency];
          if (!target) {
            findings.push_back(
                {line_of(node), fmt::format("service {} depends on {}, which is not a service", name, dependency)});
          } else if (condition == "service_healthy" && !target["healthcheck"]) {
            findings.push_back({line_of(node), fmt::format("{} waits for {} to be healthy, but {} has no healthcheck",
                                                           name, dependency, dependency)});
          } else if (condition != "service_healthy" && is_database(target)) {
            findings.push_back(
                {line_of(node), fmt::format("{} starts as soon as {} starts, not when it accepts connections: use "
                                            "condition: service_healthy with a healthcheck",
                                            name, dependency)});
          }
        }
      }
      if (rule == "no-literal-secrets") {
        const YAML::Node environment = service["environment"];
        const auto judge_variable = [&](const std::string& variable, const std::string& value, const YAML::Node& node) {
          if (is_secret_name(variable) && !value.empty() && value.find("${") == std::string::npos) {
            findings.push_back(
                {line_of(node), fmt::format("service {} sets {} to a literal value: take it from the environment "
                                            "(${{{}}}) or an env_file kept out of git",
                                            name, variable, variable)});
          }
        };
        if (is_map(environment)) {
          for (const auto& variable : environment)
            judge_variable(variable.first.Scalar(), is_scalar(variable.second) ? variable.second.Scalar() : "",
                           variable.second);
        } else if (is_sequence(environment)) {
          for (const auto& item : environment) {
            const std::string text = is_scalar(item) ? item.Scalar() : "";
            const auto equals = text.find('=');
            if (equals != std::string::npos) judge_variable(text.substr(0, equals), text.substr(equals + 1), item);
          }
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> parse_compose_check(SpecMap& spec) {
  auto check = std::make_unique<ComposeCheck>();
  check->path = spec.one_path("path").value_or("");
  if (!check->path.empty()) {
    if (auto problem = path_shape_problem(check->path); !problem.empty()) spec.error("path", problem);
  }
  check->services = spec.string_list("services").value_or(std::vector<std::string>{});
  check->rules = spec.name_list("rules", {kRules.begin(), kRules.end()}, "rule").value_or(std::vector<std::string>{});
  const YAML::Node ports = spec.node("ports");
  if (ports.IsDefined()) {
    if (!ports.IsMap())
      spec.error("ports", "'ports' maps a service to the container port it must publish, e.g. {api: 8000}");
    else
      for (const auto& entry : ports) {
        long port = 0;
        if (!entry.second.IsScalar() || !YAML::convert<long>::decode(entry.second, port) || port < 1 || port > 65535) {
          spec.diagnostics().error(location_of(entry.second, spec.file()), "a port is a number from 1 to 65535");
        } else {
          check->ports[entry.first.Scalar()] = port;
        }
      }
  }
  if (check->services.empty() && check->rules.empty() && check->ports.empty()) {
    spec.error("services", "a compose check needs at least one of services, rules, ports");
  }
  return check;
}

}  // namespace labkit
