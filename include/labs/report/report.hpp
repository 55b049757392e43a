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
  /// Renders `result` with every learner-made string in it (evidence, file
  /// paths, notes, the repository's root, branch and notices) passed through
  /// displayable_text first: probes and learner files can hold terminal escape
  /// sequences, and no format may pass them on. The one way into render, so a
  /// new format cannot forget it.
  void write(const RunResult& result, std::ostream& out) const;

 private:
  virtual void render(const RunResult& result, std::ostream& out) const = 0;
};

struct ReporterKind {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<Reporter> (*make)(const ReportOptions& options);
  /// For a format the learner reads in place of labs' output (Gradescope):
  /// what to write when nothing could be checked (exit 2 or 3), saying
  /// `why`; null for the other formats, which are then not written.
  void (*render_refusal)(std::string_view why, std::ostream& out);
};

/// The one table of report formats (runner/report/registry.cpp).
std::span<const ReporterKind> reporter_kinds();
const ReporterKind* find_reporter_kind(std::string_view name);

}  // namespace labkit
