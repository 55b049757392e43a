// JUnit XML: a testsuite per lab, a testcase per item (classname = lab id),
// the evidence as the failure message — what CI servers render as test results.
#include <labs/base/utf8.hpp>
#include <labs/report/report.hpp>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace labkit {

namespace {

std::string seconds(std::chrono::microseconds duration) { return fmt::format("{:.3f}", duration.count() / 1e6); }

/// Every step's evidence that is not a pass, then the hint. XML 1.0 has no
/// way to write most control characters, so the lab's own text is escaped
/// too (the learner's already is): a control in a lab file must not make the
/// whole report unreadable.
std::string details(const ItemResult& item) {
  std::string text;
  for (const auto& step : item.steps) {
    if (step.outcome.status == Status::pass) continue;
    text += fmt::format("{} [{}]: {}\n", step.step->kind, to_string(step.outcome.status), step.outcome.evidence);
  }
  if (!item.note.empty()) text += item.note + "\n";
  if (!item.item->hint.empty()) text += "hint: " + item.item->hint + "\n";
  return displayable_text(text);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

/// Ant writes the local time without a zone; labs' start is UTC
/// ("2026-11-22T10:00:00Z"), so the zone letter goes.
std::string ant_timestamp(const std::string& started_at) {
  if (started_at.empty()) return "1970-01-01T00:00:00";
  return started_at.ends_with('Z') ? started_at.substr(0, started_at.size() - 1) : started_at;
}

class JunitReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    pugi::xml_document document;
    auto declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    const Totals t = result.totals();
    auto suites = document.append_child("testsuites");
    suites.append_attribute("name") = "labs";
    suites.append_attribute("tests") = t.items;
    suites.append_attribute("failures") = t.failed;
    suites.append_attribute("errors") = t.errors;
    suites.append_attribute("time") = seconds(result.duration).c_str();
    for (const auto& lab : result.labs) {
      auto suite = suites.append_child("testsuite");
      int failures = 0, errors = 0, skipped = 0;
      std::chrono::microseconds lab_time{0};
      for (const auto& item : lab.items) {
        failures += item.status == Status::fail;
        errors += item.status == Status::error;
        skipped += item.status == Status::skip;
        for (const auto& step : item.steps) lab_time += step.duration;
      }
      suite.append_attribute("name") = lab.lab->id.c_str();
      suite.append_attribute("tests") = static_cast<int>(lab.items.size());
      suite.append_attribute("failures") = failures;
      suite.append_attribute("errors") = errors;
      suite.append_attribute("skipped") = skipped;
      suite.append_attribute("time") = seconds(lab_time).c_str();
      suite.append_attribute("timestamp") = ant_timestamp(result.info.started_at).c_str();
      suite.append_attribute("hostname") = result.info.hostname.empty() ? "localhost" : result.info.hostname.c_str();
      // Ant's strict layout: properties first, both output blocks last, even empty.
      suite.append_child("properties");
      for (const auto& item : lab.items) write_case(suite, lab, item);
      suite.append_child("system-out");
      suite.append_child("system-err");
    }
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  }

 private:
  static void write_case(pugi::xml_node suite, const LabResult& lab, const ItemResult& item) {
    auto test = suite.append_child("testcase");
    test.append_attribute("classname") = lab.lab->id.c_str();
    test.append_attribute("name") = displayable_text(fmt::format("{}: {}", item.item->id, item.item->text)).c_str();
    std::chrono::microseconds time{0};
    for (const auto& step : item.steps) time += step.duration;
    test.append_attribute("time") = seconds(time).c_str();
    const std::string text = details(item);
    const char* element = item.status == Status::fail ? "failure" : item.status == Status::error ? "error" : nullptr;
    if (element) {
      auto failure = test.append_child(element);
      failure.append_attribute("message") = first_line(text).c_str();
      failure.text().set(text.c_str());
    } else if (item.status == Status::skip) {
      test.append_child("skipped").append_attribute("message") = first_line(text).c_str();
    }
  }
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter(const ReportOptions&) { return std::make_unique<JunitReporter>(); }

}  // namespace labkit
