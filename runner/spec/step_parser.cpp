#include <labs/spec/check_kind.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/step_parser.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace labkit {

std::unique_ptr<Check> parse_check(const CheckKind& kind, const YAML::Node& node, const std::string& file,
                                   Diagnostics& diagnostics) {
  const std::size_t problems_before = diagnostics.all().size();
  SpecMap spec(node, fmt::format("{} check", kind.name), kind.keys, file, diagnostics);
  if (!spec.is_map()) return nullptr;
  auto check = kind.parse(spec);
  if (diagnostics.all().size() != problems_before) return nullptr;
  return check;
}

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
      diagnostics.error(location_of(entry.first, file), fmt::format("'{}' cannot run inside {} (use {})", kind_name,
                                                                    where, fmt::join(kind_names, ", ")));
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
    if (auto check = parse_check(*kind, entry.second, file, diagnostics)) {
      const Check::Probing probing =
          check->probing().value_or(Check::Probing{kind->runs_learner_code(), kind->cacheable()});
      steps.push_back({kind_name, at, std::move(check), std::make_shared<const YAML::Node>(step_node),
                       probing.runs_learner_code, probing.cacheable});
    }
  }
  return steps;
}

}  // namespace labkit
