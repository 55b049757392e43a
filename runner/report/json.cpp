// The machine-readable report, schema "labs-report/1" (docs/report-formats.md).
#include <labs/report/report.hpp>

#include <nlohmann/json.hpp>

namespace labkit {

namespace {

nlohmann::json range(const DayRange& range) { return nlohmann::json::array({range.first, range.last}); }

double milliseconds(std::chrono::microseconds duration) { return static_cast<double>(duration.count()) / 1000.0; }

class JsonReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    const Totals t = result.totals();
    const auto problems = result.gate_problems();
    nlohmann::json report{
        {"schema", "labs-report/1"},
        {"labs_version", result.info.labs_version},
        {"bundle", {{"name", result.info.bundle}, {"hash", result.info.bundle_hash}}},
        {"started_at", result.info.started_at},
        {"duration_ms", milliseconds(result.duration)},
        {"repo",
         {{"root", result.repo.root},
          {"commit", result.repo.head_commit},
          {"branch", result.repo.branch},
          {"notices", result.repo.notices}}},
        {"summary",
         {{"items", t.items},
          {"passed", t.passed},
          {"failed", t.failed},
          {"errors", t.errors},
          {"skipped", t.skipped},
          {"out_of_context", t.out_of_context},
          {"points", t.points},
          {"max_points", t.max_points}}},
        {"gate", {{"passed", problems.empty()}, {"problems", problems}, {"exit_code", result.exit_code()}}},
        {"labs", nlohmann::json::array()}};
    for (const auto& lab : result.labs) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& item : lab.items) {
        nlohmann::json steps = nlohmann::json::array();
        for (std::size_t n = 0; n < item.steps.size(); ++n) {
          const StepResult& step = item.steps[n];
          steps.push_back({{"id", item.item->id + "/" + std::to_string(n + 1)},
                           {"kind", step.step->kind},
                           {"status", to_string(step.outcome.status)},
                           {"evidence", step.outcome.evidence},
                           {"file", step.outcome.path.empty() ? nlohmann::json() : nlohmann::json(step.outcome.path)},
                           {"line", step.outcome.line == 0 ? nlohmann::json() : nlohmann::json(step.outcome.line)},
                           {"duration_ms", milliseconds(step.duration)},
                           {"cached", step.cached}});
        }
        items.push_back({{"id", item.item->id},
                         {"text", item.item->text},
                         {"status", to_string(item.status)},
                         {"points", item.points_earned()},
                         {"max_points", item.item->points},
                         {"note", item.note},
                         {"hint", item.item->hint},
                         {"local_only", item.item->local_only},
                         {"manual", item.item->manual.has_value()},
                         {"out_of_context", item.out_of_context},
                         {"steps", std::move(steps)}});
      }
      report["labs"].push_back({{"id", lab.lab->id},
                                {"track", lab.lab->track},
                                {"title", lab.lab->title},
                                {"weeks", range(lab.lab->weeks)},
                                {"days", lab.lab->days ? range(*lab.lab->days) : nlohmann::json()},
                                {"status", to_string(lab.status())},
                                {"items", std::move(items)}});
    }
    out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(const ReportOptions&) { return std::make_unique<JsonReporter>(); }

}  // namespace labkit
