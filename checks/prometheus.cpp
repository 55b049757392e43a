// The `prometheus` check: prometheus.yml scrapes the learner's app, and its
// alert rules are well formed (the rule-file rules of Prometheus's own
// rulefmt: alert or record, an expr, no `for` on a recording rule), then, where
// it is installed, promtool's own verdict (PromQL, durations, label names).
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/repo/repo_yaml.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>

namespace labkit {

namespace {

/// The file as YAML; a syntax error joins the problems.
std::optional<YAML::Node> load(const std::filesystem::path& root, const std::string& relative,
                               std::vector<std::string>& problems) {
  std::string problem;
  auto node = read_repo_yaml(root, relative, problem);
  if (!problem.empty()) problems.push_back(problem);
  return node;
}

class PrometheusCheck final : public Check {
 public:
  std::string m_config;              ///< "" = found by discovery
  std::vector<std::string> scrapes;  ///< job names, or target ports ("8000"), that some scrape config must have
  long alerts = 0;                   ///< at least this many alerting rules in the rule files

  std::string describe() const override {
    std::vector<std::string> parts;
    if (!scrapes.empty()) parts.push_back(fmt::format("scrapes {}", fmt::join(scrapes, ", ")));
    if (alerts) parts.push_back(fmt::format("at least {} alert rule(s)", alerts));
    return fmt::format("{}: {}", m_config.empty() ? "the Prometheus configuration" : m_config, fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<std::string> problems;
    std::string note;
    const std::string config = locate(context, note);
    if (config.empty())
      return {Status::fail,
              "no Prometheus configuration in the repository (a YAML file with scrape_configs, "
              "also inside a ConfigMap)"};
    bool embedded = false;
    const auto root = load_config(context.root(), config, problems, embedded);
    if (!root) return {Status::fail, problems.empty() ? fmt::format("no {}", config) : problems.front(), config};
    if (!root->IsMap()) return {Status::fail, fmt::format("{} is not a mapping", config), config};
    std::set<std::string> jobs, targets;
    const YAML::Node scrape_configs = (*root)["scrape_configs"];
    std::set<std::string> seen;
    for (const auto& job : yaml_present(scrape_configs) && scrape_configs.IsSequence()
                               ? scrape_configs
                               : YAML::Node(YAML::NodeType::Sequence)) {
      const std::string name = yaml_text(job["job_name"]);
      if (name.empty())
        problems.push_back(fmt::format("{}:{}: a scrape config needs a job_name", config, yaml_line(job)));
      else if (!seen.insert(name).second)
        problems.push_back(fmt::format("{}:{}: job_name {} is used twice", config, yaml_line(job), name));
      jobs.insert(name);
      const YAML::Node statics = job["static_configs"];
      for (const auto& group :
           yaml_present(statics) && statics.IsSequence() ? statics : YAML::Node(YAML::NodeType::Sequence)) {
        for (const auto& target : yaml_present(group["targets"]) && group["targets"].IsSequence()
                                      ? group["targets"]
                                      : YAML::Node(YAML::NodeType::Sequence)) {
          targets.insert(yaml_text(target));
        }
      }
    }
    for (const auto& wanted : scrapes) {
      const bool by_port =
          std::any_of(targets.begin(), targets.end(), [&](const std::string& t) { return t.ends_with(":" + wanted); });
      if (jobs.count(wanted) || by_port) continue;
      const bool port = std::all_of(wanted.begin(), wanted.end(), [](char c) { return c >= '0' && c <= '9'; });
      problems.push_back(
          fmt::format("{} (scrape_configs: - job_name: NAME, static_configs: [{{targets: [\"app:8000\"]}}])",
                      port ? "no scrape target on port " + wanted : "no scrape config named " + wanted));
    }
    long alerting = 0;
    const YAML::Node rule_files = (*root)["rule_files"];
    for (const auto& pattern :
         yaml_present(rule_files) && rule_files.IsSequence() ? rule_files : YAML::Node(YAML::NodeType::Sequence)) {
      const std::string folder = std::filesystem::path(config).parent_path().string();
      const std::string glob = folder.empty() ? yaml_text(pattern) : folder + "/" + yaml_text(pattern);
      const auto files = own_files(context.repo, glob);
      if (files.empty())
        problems.push_back(fmt::format("{}:{}: rule_files names {}, which matches no file", config, yaml_line(pattern),
                                       yaml_text(pattern)));
      for (const auto& file : files) alerting += judge_rules(context, file, problems);
    }
    if (alerts && alerting < alerts)
      problems.push_back(fmt::format("{} alert rule(s), need at least {}", alerting, alerts));
    const std::string found = note.empty() ? "" : note + "\n";
    if (!problems.empty()) return {Status::fail, found + fmt::format("{}", fmt::join(problems, "\n")), config};
    // What labs' reading cannot judge (PromQL, durations, label names) Prometheus'
    // own promtool can, where it is installed (Debian's prometheus package).
    const std::string promtool = embedded ? "" : promtool_verdict(context, config);
    if (!promtool.empty() && promtool != kAgrees) return {Status::fail, promtool, config};
    return {Status::pass, fmt::format("{}{}: {} scrape job(s), {} alert rule(s){}", found, config, jobs.size(),
                                      alerting, promtool.empty() ? "" : ", " + promtool)};
  }

 private:
  /// The lab's file, or the one discovery finds by its content: a plain
  /// configuration before one inside a ConfigMap, then the least deep.
  std::string locate(const CheckContext& context, std::string& note) const {
    if (!m_config.empty()) return m_config;
    const auto found = discover_project(context.repo).prometheus_configs;
    std::vector<std::string> plain;
    for (const auto& file : found) {
      std::vector<std::string> ignored;
      bool embedded = false;
      if (load_config(context.root(), file, ignored, embedded) && !embedded) plain.push_back(file);
    }
    std::string chosen = preferred_candidate(plain.empty() ? found : plain);
    if (!chosen.empty() && chosen != "prometheus.yml") note = discovery_note("Prometheus configuration", found, chosen);
    return chosen;
  }

  /// The configuration as YAML: the file itself, or the scrape configuration
  /// a ConfigMap in it carries as a string (`embedded`).
  static std::optional<YAML::Node> load_config(const std::filesystem::path& root, const std::string& file,
                                               std::vector<std::string>& problems, bool& embedded) {
    const auto text = read_repo_text(root, file, 16 << 20);
    if (!text) return std::nullopt;
    std::vector<YAML::Node> documents;
    try {
      documents = load_yaml_documents(*text);
    } catch (const YAML::Exception& e) {
      problems.push_back(fmt::format("{}:{}: not valid YAML: {}", file, e.mark.line + 1, e.msg));
      return std::nullopt;
    }
    for (const auto& document : documents) {
      if (document.IsMap() && yaml_present(document["scrape_configs"])) return document;
    }
    for (const auto& document : documents) {
      if (!document.IsMap() || yaml_text(document["kind"]) != "ConfigMap" || !document["data"].IsMap()) continue;
      for (const auto& entry : document["data"]) {
        const std::string inner = yaml_text(entry.second);
        if (inner.find("scrape_configs") == std::string::npos) continue;
        embedded = true;
        try {
          return YAML::Load(inner);
        } catch (const YAML::Exception& e) {
          problems.push_back(
              fmt::format("{}: the ConfigMap's {} is not valid YAML: {}", file, yaml_text(entry.first), e.msg));
          return std::nullopt;
        }
      }
    }
    return documents.empty() ? std::nullopt : std::optional<YAML::Node>(documents.front());
  }

  static constexpr const char* kAgrees = "promtool check config agrees";

  /// "" when promtool is not installed, kAgrees, or promtool's complaints.
  std::string promtool_verdict(const CheckContext& context, const std::string& config) const {
    const auto environment = trusted_tool_environment();  // never a promtool of the repository
    if (find_program(environment, "promtool").empty()) return "";
    const ProcessResult result = run_process({"promtool check config " + shell_quote(config), context.root(),
                                              std::chrono::seconds(30), 64 << 10, environment});
    if (result.exit_code == 0) return kAgrees;
    std::vector<std::string> complaints;
    std::istringstream lines(result.err + result.out);
    for (std::string line; std::getline(lines, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (line.empty() || line.rfind("Checking", 0) == 0 || line.rfind("SUCCESS", 0) == 0 || line == "FAILED:")
        continue;
      complaints.push_back("promtool: " + line);
    }
    if (complaints.empty())
      complaints.push_back(fmt::format("promtool check config failed (exit {})", result.exit_code));
    return fmt::format("{}", fmt::join(complaints, "\n"));
  }

  /// Checks one rule file as promtool would; returns its alerting rules.
  static long judge_rules(const CheckContext& context, const std::string& file, std::vector<std::string>& problems) {
    const auto root = load(context.root(), file, problems);
    const YAML::Node groups = root && root->IsMap() ? (*root)["groups"] : YAML::Node();
    if (!yaml_present(groups) || !groups.IsSequence()) {
      if (root) problems.push_back(fmt::format("{}: a rule file holds groups: [{{name, rules}}]", file));
      return 0;
    }
    long alerting = 0;
    std::set<std::string> names;
    for (const auto& group : groups) {
      const std::string name = yaml_text(group["name"]);
      if (name.empty() || !names.insert(name).second)
        problems.push_back(fmt::format("{}:{}: each group needs a name of its own", file, yaml_line(group)));
      const YAML::Node rules = group["rules"];
      for (const auto& rule :
           yaml_present(rules) && rules.IsSequence() ? rules : YAML::Node(YAML::NodeType::Sequence)) {
        const bool alert = yaml_present(rule["alert"]), record = yaml_present(rule["record"]);
        const int line = yaml_line(rule);
        if (alert == record)
          problems.push_back(fmt::format("{}:{}: one of 'record' or 'alert' must be set, not both", file, line));
        if (!yaml_present(rule["expr"]))
          problems.push_back(fmt::format("{}:{}: field 'expr' must be set in rule", file, line));
        if (record && (yaml_present(rule["for"]) || yaml_present(rule["annotations"]))) {
          problems.push_back(fmt::format("{}:{}: a recording rule takes no 'for' or 'annotations'", file, line));
        }
        alerting += alert && !record;
      }
    }
    return alerting;
  }
};

}  // namespace

std::unique_ptr<Check> parse_prometheus_check(SpecMap& spec) {
  auto check = std::make_unique<PrometheusCheck>();
  check->m_config = spec.one_path("config").value_or("");
  if (auto problem = path_shape_problem(check->m_config); !check->m_config.empty() && !problem.empty())
    spec.error("config", problem);
  check->scrapes = spec.string_list("scrapes").value_or(std::vector<std::string>{});
  check->alerts = spec.integer("alerts", 1, 1000).value_or(0);
  if (check->scrapes.empty() && !check->alerts) spec.error("scrapes", "a prometheus check needs scrapes or alerts");
  return check;
}

}  // namespace labkit
