// The one table of report formats. A new format is one file here plus one
// declaration and one row below.
#include <labs/report.hpp>

#include <array>

namespace labkit {

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options);

namespace {

constexpr std::array kReporterKinds{
    ReporterKind{"text", "the checklist for people: items with ✓ ✗ ? –, evidence and hints", &make_text_reporter},
};

}  // namespace

std::span<const ReporterKind> reporter_kinds() { return kReporterKinds; }

const ReporterKind* find_reporter_kind(std::string_view name) {
  for (const auto& kind : kReporterKinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

}  // namespace labkit
