// GitHub Actions workflow commands: an ::error annotation for each failing
// step that points at a file (a Dockerfile line, a compose key), shown on the
// pull request's diff; a ::warning for steps that could not be checked.
#include <labs/report/report.hpp>

#include <fmt/format.h>

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

class GithubReporter final : public Reporter {
 public:
  void render(const RunResult& result, std::ostream& out) const override {
    for (const auto& lab : result.labs) {
      for (const auto& item : lab.items) {
        for (const auto& step : item.steps) {
          const Status status = step.outcome.status;
          if ((status != Status::fail && status != Status::error) || step.outcome.path.empty()) continue;
          std::string properties = "file=" + escape(step.outcome.path, true);
          if (step.outcome.line > 0) properties += fmt::format(",line={}", step.outcome.line);
          properties += ",title=" + escape(fmt::format("labs {}/{}", lab.lab->id, item.item->id), true);
          std::string message = step.outcome.evidence;
          if (!item.item->hint.empty() && status == Status::fail) message += "\nhint: " + item.item->hint;
          out << (status == Status::fail ? "::error " : "::warning ") << properties << "::" << escape(message, false)
              << '\n';
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(const ReportOptions&) { return std::make_unique<GithubReporter>(); }

}  // namespace labkit
