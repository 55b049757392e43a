// Gradescope's autograder results.json: the score, and a test per item.
#include <labs/base/utf8.hpp>
#include <labs/report/report.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace labkit {

namespace {

class GradescopeReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    const Totals t = result.totals();
    nlohmann::json tests = nlohmann::json::array();
    for (const auto& lab : result.labs) {
      for (const auto& item : lab.items) {
        std::string output;
        for (const auto& step : item.steps) {
          output += fmt::format("{} {}: {}\n", to_string(step.outcome.status), step.step->kind, step.outcome.evidence);
        }
        if (!item.note.empty()) output += item.note + "\n";
        if (item.status == Status::fail && !item.item->hint.empty()) output += "hint: " + item.item->hint + "\n";
        tests.push_back({{"name", fmt::format("{}/{}: {}", lab.lab->id, item.item->id, item.item->text)},
                         {"score", item.points_earned()},
                         {"max_score", item.item->points},
                         {"status", item.status == Status::pass ? "passed" : "failed"},
                         {"output", output}});
      }
    }
    const nlohmann::json results{{"score", t.points}, {"max_score", t.max_points}, {"tests", std::move(tests)}};
    out << results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
};

}  // namespace

std::unique_ptr<Reporter> make_gradescope_reporter(const ReportOptions&) {
  return std::make_unique<GradescopeReporter>();
}

// Gradescope shows the top-level output to the learner: an ungradeable
// submission (a broken .labs.yaml, no repository) still says why.
void render_gradescope_refusal(std::string_view why, std::ostream& out) {
  const nlohmann::json results{
      {"score", 0},
      {"output",
       fmt::format("labs could not check this submission, so it has no score yet:\n{}", displayable_text(why))},
      {"tests", nlohmann::json::array()}};
  out << results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace labkit
