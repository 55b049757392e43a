#include <labs/base/utf8.hpp>
#include <labs/model/steps.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace labkit {

StepOutcome run_guarded(const Step& step, const CheckContext& context) {
  StepOutcome outcome;
  try {
    outcome = step.check->run(context);
  } catch (const std::exception& error) {
    outcome = {Status::error, std::string("internal error in this check: ") + error.what()};
  }
  // Evidence quotes the learner's files, names and output: reports need it as valid UTF-8.
  outcome.evidence = valid_utf8(outcome.evidence);
  outcome.path = valid_utf8(outcome.path);
  return outcome;
}

StepOutcome run_against_server(const std::vector<Step>& steps, const CheckContext& context, unsigned short port,
                               const std::filesystem::path& served_tree) {
  std::map<std::string, std::string> saved;
  const CheckContext inner{context.repo, context.settings, port, &saved, served_tree};
  StepOutcome merged{Status::pass, ""};
  std::vector<std::string> lines;
  for (const auto& step : steps) {
    const StepOutcome outcome = run_guarded(step, inner);
    merged.status = combine(merged.status, outcome.status);
    lines.push_back(fmt::format("{} {}", outcome.status == Status::pass ? "✓" : "✗", outcome.evidence));
  }
  merged.evidence = fmt::format("{}", fmt::join(lines, "\n"));
  return merged;
}

}  // namespace labkit
