// What every report format shares: learner-made text is escaped once, here,
// before any format sees it (docs/security.md, "What reports show").
#include <labs/base/utf8.hpp>
#include <labs/report/report.hpp>

namespace labkit {

namespace {

/// The run with its learner-made strings escaped. Lab text (items, hints,
/// titles) comes from the trusted lab files and is left as written.
RunResult displayable(const RunResult& result) {
  RunResult shown = result;
  const auto escape = [](std::string& text) { text = displayable_text(text); };
  escape(shown.repo.root);
  escape(shown.repo.branch);
  for (auto& notice : shown.repo.notices) escape(notice);
  for (auto& lab : shown.labs) {
    for (auto& item : lab.items) {
      escape(item.note);
      for (auto& step : item.steps) {
        escape(step.outcome.evidence);
        escape(step.outcome.path);
      }
    }
  }
  return shown;
}

}  // namespace

void Reporter::write(const RunResult& result, std::ostream& out) const { render(displayable(result), out); }

}  // namespace labkit
