// The `grafana` check: a dashboard JSON (as Grafana exports it, or wrapped in
// {"dashboard": ...} as its API takes it) whose panels query the app's
// metrics from Prometheus.
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

namespace labkit {

namespace {

using nlohmann::json;

struct Panel {
  std::string title;
  std::vector<std::string> queries;  ///< PromQL of its targets
};

/// Panels at any depth: rows hold panels ("panels" or the older "rows").
void collect_panels(const json& holder, std::vector<Panel>& panels) {
  for (const char* key : {"panels", "rows"}) {
    if (!holder.contains(key) || !holder[key].is_array()) continue;
    for (const auto& panel : holder[key]) {
      if (!panel.is_object()) continue;
      if (panel.value("type", "") != "row" && key == std::string("panels")) {
        Panel found{panel.value("title", "(untitled)"), {}};
        if (panel.contains("targets") && panel["targets"].is_array()) {
          for (const auto& target : panel["targets"]) {
            if (target.is_object() && target.contains("expr") && target["expr"].is_string())
              found.queries.push_back(target["expr"]);
          }
        }
        panels.push_back(std::move(found));
      }
      collect_panels(panel, panels);
    }
  }
}

bool mentions(const std::string& query, const std::string& metric) {
  for (std::size_t at = query.find(metric); at != std::string::npos; at = query.find(metric, at + 1)) {
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; };
    const std::size_t end = at + metric.size();
    // http_requests_total also names its _bucket/_count/_sum series
    const bool suffix_ok = end == query.size() || !word(query[end]) || query.compare(end, 1, "_") == 0;
    if ((at == 0 || !word(query[at - 1])) && suffix_ok) return true;
  }
  return false;
}

class GrafanaCheck final : public Check {
 public:
  std::string dashboards = "**/*.json";
  std::optional<CountRange> panels;
  std::vector<std::string> metrics;

  std::string describe() const override {
    std::string text = fmt::format("a Grafana dashboard in {}", dashboards);
    if (panels) text += fmt::format(" with {} panels that query Prometheus", panels->describe());
    if (!metrics.empty()) text += fmt::format(", querying {}", fmt::join(metrics, ", "));
    return text;
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<std::string> notes;
    std::string best_path, best_note;
    std::size_t best_score = 0;
    for (const auto& file : own_files(context.repo, dashboards)) {
      const auto text = read_repo_text(context.root(), file, 8 << 20);
      if (!text) continue;
      const json document = json::parse(*text, nullptr, false);
      if (document.is_discarded() || !document.is_object()) continue;
      const json& dashboard =
          document.contains("dashboard") && document["dashboard"].is_object() ? document["dashboard"] : document;
      if (!dashboard.contains("panels") && !dashboard.contains("rows")) continue;  // some other JSON file
      std::vector<Panel> found;
      collect_panels(dashboard, found);
      std::size_t querying = 0;
      std::set<std::string> queried;
      for (const auto& panel : found) {
        querying += !panel.queries.empty();
        for (const auto& metric : metrics) {
          for (const auto& query : panel.queries) {
            if (mentions(query, metric)) queried.insert(metric);
          }
        }
      }
      std::vector<std::string> missing;
      for (const auto& metric : metrics) {
        if (!queried.count(metric)) missing.push_back(metric);
      }
      const std::string title = dashboard.value("title", file);
      const bool enough = !panels || panels->contains(static_cast<long>(querying));
      if (enough && missing.empty()) {
        return {Status::pass, fmt::format("{}: \"{}\" with {} panel(s) querying Prometheus{}", file, title, querying,
                                          metrics.empty() ? "" : fmt::format(" ({})", fmt::join(metrics, ", ")))};
      }
      std::vector<std::string> problems;
      if (!enough)
        problems.push_back(fmt::format("{} panel(s) with a Prometheus query, need {}", querying, panels->describe()));
      if (!missing.empty()) problems.push_back(fmt::format("no panel queries {}", fmt::join(missing, ", ")));
      const std::size_t score = querying + queried.size() + 1;
      if (score > best_score) {
        best_score = score;
        best_path = file;
        best_note = fmt::format("{} (\"{}\"): {}", file, title, fmt::join(problems, "; "));
      }
    }
    if (best_score) return {Status::fail, best_note, best_path};
    return {
        Status::fail,
        fmt::format(
            "no Grafana dashboard JSON (with \"panels\") in {}; export one from Grafana: Share → Export → Save to file",
            dashboards)};
  }
};

}  // namespace

std::unique_ptr<Check> parse_grafana_check(SpecMap& spec) {
  auto check = std::make_unique<GrafanaCheck>();
  check->dashboards = spec.string("dashboards").value_or("**/*.json");
  if (auto problem = path_shape_problem(check->dashboards); !problem.empty()) spec.error("dashboards", problem);
  if (spec.has("panels"))
    check->panels = read_count_range(spec.node("panels"), "panels", spec.file(), spec.diagnostics());
  check->metrics = spec.string_list("metrics").value_or(std::vector<std::string>{});
  return check;
}

}  // namespace labkit
