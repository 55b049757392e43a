#include <labs/base/atomic_file.hpp>
#include <labs/base/ci.hpp>
#include <labs/base/diagnostics.hpp>
#include <labs/base/exit_codes.hpp>
#include <labs/report/report_requests.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace labkit {

namespace {

/// Unguessable by a probe that wants to end the fence early.
std::string random_token() {
  std::random_device source;
  return fmt::format("labs-{:08x}{:08x}", source(), source());
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& kind : reporter_kinds()) names.emplace_back(kind.name);
  return names;
}

}  // namespace

std::optional<std::vector<ReportRequest>> parse_report_requests(const std::vector<std::string>& specs,
                                                                std::string& error) {
  std::vector<ReportRequest> requests;
  for (const auto& spec : specs) {
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    const ReporterKind* kind = find_reporter_kind(name);
    if (!kind) {
      const std::vector<std::string> names = format_names();
      const std::string suggestion = did_you_mean(name, names);
      error = fmt::format("--report {}: unknown format '{}'{}; formats: {}", spec, name,
                          suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion),
                          fmt::join(names, ", "));
      return std::nullopt;
    }
    requests.push_back({kind, colon == std::string::npos ? "" : spec.substr(colon + 1)});
    if (colon != std::string::npos && requests.back().file.empty()) {
      error = fmt::format("--report {}: a file name must follow the colon", spec);
      return std::nullopt;
    }
  }
  return requests;
}

std::string report_option_help() {
  return fmt::format("FORMAT or FORMAT:FILE, repeatable: {} (default: text on the terminal)",
                     fmt::join(format_names(), ", "));
}

namespace {

/// Writes a report file whole or not at all (see replace_file_atomically).
bool write_report_file(const ReporterKind& kind, const ReportOptions& options, const RunResult& result,
                       const std::string& file) {
  std::ostringstream text;
  kind.make(options)->write(result, text);
  const std::string problem = replace_file_atomically(file, text.str());
  if (!problem.empty())
    std::cerr << fmt::format("labs: cannot write the {} report to {}: {}\n", kind.name, file, problem);
  return problem.empty();
}

}  // namespace

int write_reports(const RunResult& result, const std::vector<ReportRequest>& requests, const ReportOptions& options,
                  std::ostream& terminal) {
  const bool github = detect_ci() == CiKind::github;
  bool to_stdout = false;
  bool written = true;
  for (const auto& request : requests) {
    if (request.file.empty())
      to_stdout = true;
    else
      written = write_report_file(*request.kind, options, result, request.file) && written;
  }
  // A machine format on stdout is piped on (jq, xmllint, > comment.md) and
  // must stay exactly that format: the runner never reads it, so nothing
  // needs fencing there, and the annotations go to stderr, which it reads.
  const bool machine_on_stdout = std::any_of(requests.begin(), requests.end(), [](const ReportRequest& request) {
    return request.file.empty() && std::string_view(request.kind->name) != "text";
  });
  const bool fenced = github && !machine_on_stdout;
  const std::string fence = fenced ? random_token() : "";
  if (fenced) terminal << "::stop-commands::" << fence << '\n';
  if (!to_stdout) find_reporter_kind("text")->make(options)->write(result, terminal);
  for (const auto& request : requests) {
    if (request.file.empty()) request.kind->make(options)->write(result, terminal);
  }
  if (github) {
    if (fenced) terminal << "::" << fence << "::\n";
    const bool annotated = std::any_of(requests.begin(), requests.end(), [](const ReportRequest& request) {
      return request.file.empty() && std::string_view(request.kind->name) == "github";
    });
    if (!annotated) find_reporter_kind("github")->make(options)->write(result, fenced ? terminal : workflow_commands());
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
      std::ofstream out(summary, std::ios::app);
      find_reporter_kind("markdown")->make(options)->write(result, out);
      if (!out) std::cerr << fmt::format("labs: cannot append the job summary to {}\n", summary);
    }
  }
  terminal.flush();
  if (!written) return kExitEnvironment;
  return result.exit_code();
}

void write_refusal_reports(const std::vector<ReportRequest>& requests, std::string_view why, std::ostream& terminal) {
  for (const auto& request : requests) {
    if (!request.kind->render_refusal) continue;
    if (request.file.empty()) {
      request.kind->render_refusal(why, terminal);
      continue;
    }
    std::ostringstream text;
    request.kind->render_refusal(why, text);
    if (const std::string problem = replace_file_atomically(request.file, text.str()); !problem.empty())
      std::cerr << fmt::format("labs: cannot write the {} report to {}: {}\n", request.kind->name, request.file,
                               problem);
  }
}

}  // namespace labkit
