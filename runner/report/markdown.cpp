// Markdown for pull-request comments and GitHub's job summary: a table per
// lab, then what is missing with its evidence and hint.
#include <labs/report/report.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

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

/// A code fence no line of `text` can close: longer than any run of
/// backticks in it (CommonMark closes a fence only with one as long).
std::string fence_for(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

/// Text outside a code block (notes, notices) that may quote a learner's
/// file or branch: no HTML of theirs closes our <details> or opens a tag.
std::string html_safe(const std::string& text) {
  std::string safe;
  for (const char c : text) {
    if (c == '<')
      safe += "&lt;";
    else if (c == '>')
      safe += "&gt;";
    else if (c == '&')
      safe += "&amp;";
    else
      safe += c;
  }
  return safe;
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
    for (const auto& notice : result.repo.notices) out << "> **Note:** " << cell(html_safe(notice)) << "\n\n";
    out << (problems.empty() ? "**Result: passed**\n\n"
                             : "**Result: not passed yet** — " + fmt::format("{}", fmt::join(problems, "; ")) + "\n\n");
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
          const std::string& evidence = step.outcome.evidence;
          const std::string fence = fence_for(evidence);
          out << fmt::format("- **{}**\n\n  {}text\n", step.step->kind, fence);
          for (std::size_t start = 0; start <= evidence.size();) {
            const std::size_t end = std::min(evidence.find('\n', start), evidence.size());
            out << "  " << std::string_view(evidence).substr(start, end - start) << '\n';
            start = end + 1;
          }
          out << "  " << fence << "\n";
        }
        if (!item.note.empty()) out << "\n" << html_safe(item.note) << "\n";
        if (!item.item->hint.empty() && item.status == Status::fail) out << "\n**Hint:** " << item.item->hint << "\n";
        out << "\n</details>\n\n";
      }
    }
  }
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions&) { return std::make_unique<MarkdownReporter>(); }

}  // namespace labkit
