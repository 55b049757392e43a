// The one table of report formats. A new format is one file here plus one
// declaration and one row below.
#include <labs/base/named_table.hpp>
#include <labs/report/report.hpp>

#include <array>

namespace labkit {

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_junit_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_tap_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_github_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_gradescope_reporter(const ReportOptions& options);
void render_gradescope_refusal(std::string_view why, std::ostream& out);

namespace {

constexpr std::array kReporterKinds{
    ReporterKind{"text", "the checklist for people: items with ✓ ✗ ? –, evidence and hints", &make_text_reporter,
                 nullptr},
    ReporterKind{"json", "everything, schema labs-report/1 (docs/report-formats.md)", &make_json_reporter, nullptr},
    ReporterKind{"junit", "JUnit XML: a testsuite per lab, a testcase per item", &make_junit_reporter, nullptr},
    ReporterKind{"tap", "TAP version 13: a test point per item", &make_tap_reporter, nullptr},
    ReporterKind{"markdown", "tables for pull-request comments and job summaries", &make_markdown_reporter, nullptr},
    ReporterKind{"github", "GitHub Actions annotations on the files and lines of failures", &make_github_reporter,
                 nullptr},
    ReporterKind{"gradescope", "Gradescope autograder results.json", &make_gradescope_reporter,
                 &render_gradescope_refusal},
};

}  // namespace

std::span<const ReporterKind> reporter_kinds() { return kReporterKinds; }

const ReporterKind* find_reporter_kind(std::string_view name) { return find_by_name(reporter_kinds(), name); }

}  // namespace labkit
