// GitHub Actions workflow commands: an ::error annotation for each failing
// step, at each file line its evidence names (a Dockerfile rule, a compose
// key), shown on the pull request's diff; a ::warning for steps that could
// not be checked and for what weakens the whole run (a shallow clone).
#include <labs/report/report.hpp>

#include <fmt/format.h>

#include <charconv>
#include <sstream>
#include <vector>

namespace labkit {

namespace {

/// Workflow-command escaping: data loses %, CR and LF; properties also : and ,.
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// One place an annotation points at: a file and line, and what is wrong there.
struct Spot {
  std::string file;
  int line = 0;
  std::string message;
};

/// The lines of `evidence` that say "FILE:LINE: message" of a file in the
/// project (a Dockerfile rule, a pytest failure): each is a spot of its own,
/// so two findings in one file are two annotations at their lines.
std::vector<Spot> spots_in(const std::string& evidence) {
  std::vector<Spot> spots;
  std::istringstream lines(evidence);
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find(':');
    const auto second = first == std::string::npos ? first : line.find(": ", first + 1);
    if (second == std::string::npos || first == 0 || line.front() == '/' || line.find(' ') < first) continue;
    int number = 0;
    const char* digits = line.data() + first + 1;
    const auto parsed = std::from_chars(digits, line.data() + second, number);
    if (parsed.ec != std::errc() || parsed.ptr != line.data() + second || number <= 0) continue;
    const std::string file = line.substr(0, first);
    if (file.find("..") != std::string::npos) continue;
    spots.push_back({file, number, line.substr(second + 2)});
  }
  return spots;
}

class GithubReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    // What makes the run's verdicts weaker (a shallow clone, a damaged HEAD): shown on the run's page.
    for (const auto& notice : result.repo.notices) out << "::warning title=labs::" << escape(notice, false) << '\n';
    for (const auto& lab : result.labs) {
      for (const auto& item : lab.items) {
        for (const auto& step : item.steps) annotate(lab, item, step, out);
      }
    }
  }

 private:
  /// Every failing or unchecked step gets an annotation: at each line its
  /// evidence names, else at its file, else on the run without a file.
  static void annotate(const LabResult& lab, const ItemResult& item, const StepResult& step, std::ostream& out) {
    const Status status = step.outcome.status;
    if (status != Status::fail && status != Status::error) return;
    const std::string title = ",title=" + escape(fmt::format("labs {}/{}", lab.lab->id, item.item->id), true);
    const std::string hint =
        !item.item->hint.empty() && status == Status::fail ? "\nhint: " + item.item->hint : std::string();
    const char* command = status == Status::fail ? "::error " : "::warning ";
    std::vector<Spot> spots = spots_in(step.outcome.evidence);
    if (spots.size() > kMaxSpots) spots.resize(kMaxSpots);
    if (spots.empty()) spots.push_back({step.outcome.path, step.outcome.line, step.outcome.evidence});
    for (const auto& spot : spots) {
      std::string properties = spot.file.empty() ? "" : "file=" + escape(spot.file, true);
      if (!spot.file.empty() && spot.line > 0) properties += fmt::format(",line={}", spot.line);
      properties += properties.empty() ? title.substr(1) : title;
      out << command << properties << "::" << escape(spot.message + hint, false) << '\n';
    }
  }

  /// GitHub shows ten annotations of a kind per step; more only hide the rest.
  static constexpr std::size_t kMaxSpots = 10;
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(const ReportOptions&) { return std::make_unique<GithubReporter>(); }

}  // namespace labkit
