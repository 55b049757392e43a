#pragma once
// The reports a run was asked for (--report FORMAT[:FILE]) and writing them
// all, so a command only composes: run, then write_reports.

#include <labs/report/report.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace labkit {

/// One --report: a format, and a file ("" = standard output).
struct ReportRequest {
  const ReporterKind* kind;
  std::string file;
};

/// Parses FORMAT or FORMAT:FILE for each --report; nullopt and `error` (a
/// whole sentence, with a did-you-mean) when one is unusable.
std::optional<std::vector<ReportRequest>> parse_report_requests(const std::vector<std::string>& specs,
                                                                std::string& error);

/// The --report help text, made from the table of formats.
std::string report_option_help();

/// Writes the requested reports; with none on standard output, the text
/// checklist goes to `terminal`. On GitHub Actions the terminal output is
/// fenced so learner output in it cannot issue workflow commands, then
/// annotations follow and a markdown summary goes to the job. Returns the
/// run's exit code, or kExitEnvironment when a report file could not be written.
int write_reports(const RunResult& result, const std::vector<ReportRequest>& requests, const ReportOptions& options,
                  std::ostream& terminal);

/// When nothing could be checked (exit 2 or 3): the requested reports whose
/// format has a refusal (ReporterKind::render_refusal) say `why`, in their
/// file or on `terminal`; the others are not written.
void write_refusal_reports(const std::vector<ReportRequest>& requests, std::string_view why, std::ostream& terminal);

}  // namespace labkit
