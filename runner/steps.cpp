#include <labs/spec_reader.hpp>
#include <labs/steps.hpp>
#include <labs/utf8.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace labkit {

std::vector<Step> parse_steps(const YAML::Node& list, const std::string& file, Diagnostics& diagnostics,
                              const std::vector<std::string>& allowed, const std::string& where) {
  std::vector<std::string> kind_names = allowed;
  if (kind_names.empty()) {
    for (const auto& kind : check_kinds()) kind_names.emplace_back(kind.name);
  }
  std::vector<Step> steps;
  for (const auto& step_node : list) {
    const SourceLocation at = location_of(step_node, file);
    if (!step_node.IsMap() || step_node.size() != 1) {
      diagnostics.error(at, fmt::format("a step must name exactly one check kind, e.g. '- {}: {{...}}' (kinds: {})",
                                        kind_names.front(), fmt::join(kind_names, ", ")));
      continue;
    }
    const auto entry = *step_node.begin();
    const std::string kind_name = entry.first.Scalar();
    const CheckKind* kind = find_check_kind(kind_name);
    const bool permitted = std::find(kind_names.begin(), kind_names.end(), kind_name) != kind_names.end();
    if (kind && !permitted) {
      diagnostics.error(location_of(entry.first, file), fmt::format("'{}' cannot run inside {} (use {})", kind_name, where,
                                                                   fmt::join(kind_names, ", ")));
      continue;
    }
    if (!kind) {
      std::string message = fmt::format("unknown check kind '{}'", kind_name);
      if (auto suggestion = did_you_mean(kind_name, kind_names); !suggestion.empty()) {
        message += fmt::format(" (did you mean '{}'?)", suggestion);
      } else {
        message += fmt::format(" (kinds: {})", fmt::join(kind_names, ", "));
      }
      diagnostics.error(location_of(entry.first, file), message);
      continue;
    }
    if (auto check = kind->parse(entry.second, file, diagnostics)) {
      steps.push_back({kind_name, at, std::move(check), std::make_shared<const YAML::Node>(step_node)});
    }
  }
  return steps;
}

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

StepOutcome run_against_server(const std::vector<Step>& steps, const CheckContext& context, unsigned short port) {
  const CheckContext inner{context.repo, context.settings, port};
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
