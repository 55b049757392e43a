// TAP version 13: one test point per item; the evidence in a YAML block.
#include <labs/report/report.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace labkit {

namespace {

class TapReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    out << "TAP version 13\n1.." << result.totals().items << '\n';
    int number = 0;
    for (const auto& lab : result.labs) {
      for (const auto& item : lab.items) write_point(out, ++number, lab, item);
    }
  }

 private:
  static void write_point(std::ostream& out, int number, const LabResult& lab, const ItemResult& item) {
    // A description must not hold '#' (it starts a directive) or a line break.
    std::string description = fmt::format("{}/{} {}", lab.lab->id, item.item->id, item.item->text);
    for (char& c : description) {
      if (c == '#' || c == '\n') c = ' ';
    }
    const bool ok = item.status == Status::pass || item.status == Status::skip;
    out << (ok ? "ok " : "not ok ") << number << " - " << description;
    if (item.status == Status::skip) {
      std::string reason = item.note.empty() ? "skipped" : item.note;
      for (char& c : reason) {
        if (c == '\n') c = ' ';
      }
      out << " # SKIP " << reason;
    }
    out << '\n';
    if (ok) return;
    YAML::Emitter block;
    block << YAML::BeginMap << YAML::Key << "severity" << YAML::Value << std::string(to_string(item.status));
    block << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
    for (const auto& step : item.steps) {
      if (step.outcome.status == Status::pass) continue;
      block << YAML::BeginMap << YAML::Key << "kind" << YAML::Value << step.step->kind << YAML::Key << "status"
            << YAML::Value << std::string(to_string(step.outcome.status)) << YAML::Key << "message" << YAML::Value
            << YAML::Literal << step.outcome.evidence;
      if (!step.outcome.path.empty()) block << YAML::Key << "file" << YAML::Value << step.outcome.path;
      if (step.outcome.line) block << YAML::Key << "line" << YAML::Value << step.outcome.line;
      block << YAML::EndMap;
    }
    block << YAML::EndSeq;
    if (!item.item->hint.empty()) block << YAML::Key << "hint" << YAML::Value << item.item->hint;
    block << YAML::EndMap;
    out << "  ---\n";
    const std::string yaml = block.c_str();
    std::size_t start = 0;
    while (start < yaml.size()) {
      const std::size_t end = std::min(yaml.find('\n', start), yaml.size());
      out << "  " << std::string_view(yaml).substr(start, end - start) << '\n';
      start = end + 1;
    }
    out << "  ...\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_tap_reporter(const ReportOptions&) { return std::make_unique<TapReporter>(); }

}  // namespace labkit
