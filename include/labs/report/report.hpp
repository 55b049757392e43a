#pragma once

#include <labs/model/result.hpp>

#include <memory>
#include <ostream>
#include <span>
#include <string_view>

namespace labkit {

struct ReportOptions {
  bool color = false;
  bool verbose = false;  ///< evidence for passing steps too
};

/// Formats a finished run. A reporter never runs checks or decides the exit code.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const RunResult& result, std::ostream& out) const = 0;
};

struct ReporterKind {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<Reporter> (*make)(const ReportOptions& options);
};

/// The one table of report formats (runner/report/registry.cpp).
std::span<const ReporterKind> reporter_kinds();
const ReporterKind* find_reporter_kind(std::string_view name);

}  // namespace labkit
