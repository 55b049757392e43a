// The terminal checklist: one block per lab, a line per item, evidence and the
// hint under each item that is not done, and a summary.
#include <labs/report/report.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace labkit {

namespace {

struct Style {
  bool color;
  std::string paint(std::string_view text, const char* code) const {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

const char* symbol(Status status) {
  switch (status) {
    case Status::pass:
      return "✓";
    case Status::fail:
      return "✗";
    case Status::error:
      return "?";
    case Status::skip:
      return "–";
  }
  return " ";
}

const char* color_of(Status status) {
  switch (status) {
    case Status::pass:
      return "32";
    case Status::fail:
      return "31";
    case Status::error:
      return "33";
    case Status::skip:
      return "2";
  }
  return "0";
}

void write_indented(std::ostream& out, const std::string& text, const std::string& indent) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out << indent << std::string_view(text).substr(start, end - start) << '\n';
    start = end + 1;
  }
}

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(const ReportOptions& options) : m_style{options.color}, m_verbose(options.verbose) {}

  void render(const RunResult& result, std::ostream& out) const override {
    write_header(result, out);
    for (const auto& lab : result.labs) write_lab(lab, out);
    write_summary(result, out);
  }

 private:
  void write_header(const RunResult& result, std::ostream& out) const {
    std::string where = result.repo.root;
    if (!result.repo.head_commit.empty()) {
      where += fmt::format(" · {} @ {}", result.repo.branch.empty() ? "detached HEAD" : result.repo.branch,
                           result.repo.head_commit.substr(0, 7));
    }
    out << m_style.paint(fmt::format("labs · {}", where), "2") << '\n';
    for (const auto& notice : result.repo.notices) out << m_style.paint("note: ", "33") << notice << '\n';
  }

  void write_lab(const LabResult& lab, std::ostream& out) const {
    out << '\n'
        << m_style.paint(fmt::format("{} · {} · {}", lab.lab->track, lab.lab->span_label(), lab.lab->title), "1")
        << m_style.paint(fmt::format("  [{}]", lab.lab->id), "2") << '\n';
    std::size_t id_width = 0;
    for (const auto& item : lab.items) id_width = std::max(id_width, item.item->id.size());
    for (const auto& item : lab.items) {
      if (!item.item->manual) write_item(item, id_width, out);
    }
    // Manual items are shown apart: the learner vouches for them, labs does not.
    const bool any_manual =
        std::any_of(lab.items.begin(), lab.items.end(), [](const ItemResult& i) { return i.item->manual.has_value(); });
    if (any_manual) out << m_style.paint("  checked by hand (labs tick):", "2") << '\n';
    for (const auto& item : lab.items) {
      if (item.item->manual) write_item(item, id_width, out);
    }
  }

  void write_item(const ItemResult& item, std::size_t id_width, std::ostream& out) const {
    std::string points = fmt::format("{}/{}", item.points_earned(), item.item->points);
    const bool cached = !item.steps.empty() &&
                        std::any_of(item.steps.begin(), item.steps.end(), [](const StepResult& s) { return s.cached; });
    if (cached) points += " (cached)";
    out << "  " << m_style.paint(symbol(item.status), color_of(item.status)) << ' '
        << fmt::format("{:<{}}  {}", item.item->id, id_width, item.item->text) << "  " << m_style.paint(points, "2")
        << '\n';
    if (!item.note.empty() && (item.status != Status::pass || m_verbose || item.item->manual)) {
      write_indented(out, m_style.paint(item.note, "2"), "      ");
    }
    if (item.status == Status::pass && !m_verbose) return;
    for (const auto& step : item.steps) {
      if (step.outcome.status == Status::pass && !m_verbose) continue;
      const std::string line =
          fmt::format("{} {}: {}", symbol(step.outcome.status), step.step->kind, step.outcome.evidence);
      write_indented(out, line, "      ");
    }
    if (!item.item->hint.empty() && item.status == Status::fail) {
      write_indented(out, m_style.paint("hint: ", "36") + item.item->hint, "      ");
    }
  }

  void write_summary(const RunResult& result, std::ostream& out) const {
    const Totals t = result.totals();
    std::string summary = fmt::format("{} of {} items done · {}/{} points", t.passed, t.items, t.points, t.max_points);
    if (t.failed) summary += fmt::format(" · {} to do", t.failed);
    if (t.errors) summary += fmt::format(" · {} could not be checked", t.errors);
    if (t.skipped) summary += fmt::format(" · {} skipped", t.skipped);
    if (t.out_of_context) summary += fmt::format(" · {} not checkable here, out of the maximum", t.out_of_context);
    const Status overall = t.failed ? Status::fail : t.errors ? Status::error : Status::pass;
    out << '\n' << m_style.paint(summary, overall == Status::pass ? "1;32" : color_of(overall)) << '\n';
    const GatePolicy& gate = result.gate;
    if (gate.strict || gate.thresholds() || !gate.require.empty()) {
      const auto problems = result.gate_problems();
      out << (problems.empty() ? m_style.paint("gate: passed", "1;32")
                               : m_style.paint(fmt::format("gate: not passed — {}", fmt::join(problems, "; ")), "31"))
          << '\n';
    }
  }

  Style m_style;
  bool m_verbose;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace labkit
