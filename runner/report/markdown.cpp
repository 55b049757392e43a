// Markdown for pull-request comments and GitHub's job summary: a table per
// lab, then what is missing with its evidence and hint.
#include <labs/report/report.hpp>

#include <fmt/format.h>

namespace labkit {

namespace {

const char* emoji(Status status) {
  switch (status) {
    case Status::pass:
      return "✅";
    case Status::fail:
      return "❌";
    case Status::error:
      return "⚠️";
    case Status::skip:
      return "⏭️";
  }
  return "";
}

/// Table cells hold one line and no pipe.
std::string cell(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  std::string escaped;
  for (const char c : text) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  return escaped;
}

class MarkdownReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    const Totals t = result.totals();
    const auto problems = result.gate_problems();
    out << fmt::format(
        "## labs: {} of {} items done · {}/{} points{}\n\n", t.passed, t.items, t.points, t.max_points,
        t.out_of_context ? fmt::format(" · {} not checkable here, out of the maximum", t.out_of_context) : "");
    if (!result.repo.head_commit.empty()) out << fmt::format("Commit `{}`", result.repo.head_commit.substr(0, 12));
    out << fmt::format(" · labs {} · bundle `{}` ({})\n\n", result.info.labs_version, result.info.bundle,
                       result.info.bundle_hash.substr(0, 17));
    for (const auto& notice : result.repo.notices) out << "> **Note:** " << notice << "\n\n";
    out << (problems.empty() ? "**Gate: passed**\n\n"
                             : "**Gate: not passed** — " + fmt::format("{}", fmt::join(problems, "; ")) + "\n\n");
    for (const auto& lab : result.labs) {
      out << fmt::format("### {} · {} · {}\n\n| | item | points |\n|---|---|---|\n", lab.lab->track,
                         lab.lab->span_label(), cell(lab.lab->title));
      for (const auto& item : lab.items) {
        out << fmt::format("| {} | `{}` {} | {}/{} |\n", emoji(item.status), item.item->id, cell(item.item->text),
                           item.points_earned(), item.item->points);
      }
      out << '\n';
      for (const auto& item : lab.items) {
        if (item.status == Status::pass) continue;
        out << fmt::format("<details><summary>{} <code>{}</code></summary>\n\n", emoji(item.status), item.item->id);
        for (const auto& step : item.steps) {
          if (step.outcome.status == Status::pass) continue;
          out << fmt::format("- **{}**\n\n  ```text\n", step.step->kind);
          std::size_t start = 0;
          const std::string& evidence = step.outcome.evidence;
          while (start <= evidence.size()) {
            const std::size_t end = std::min(evidence.find('\n', start), evidence.size());
            // A fence inside learner output must not close ours.
            std::string line = evidence.substr(start, end - start);
            if (line.starts_with("```")) line.insert(0, " ");
            out << "  " << line << '\n';
            start = end + 1;
          }
          out << "  ```\n";
        }
        if (!item.note.empty()) out << "\n" << item.note << "\n";
        if (!item.item->hint.empty() && item.status == Status::fail) out << "\n**Hint:** " << item.item->hint << "\n";
        out << "\n</details>\n\n";
      }
    }
  }
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions&) { return std::make_unique<MarkdownReporter>(); }

}  // namespace labkit
