#include <labs/spec/lab_regex.hpp>

#include <fmt/format.h>

namespace labkit {

namespace {

std::optional<LabRegex> compile(SpecMap& spec, const char* key, const YAML::Node& node, std::string pattern,
                                long min_count) {
  try {
    return LabRegex{pattern, boost::regex(pattern, boost::regex::perl), min_count};
  } catch (const boost::regex_error& error) {
    spec.diagnostics().error(
        location_of(node, spec.file()),
        fmt::format("'{}' in {}: invalid regular expression '{}': {}", key, spec.what(), pattern, error.what()));
    return std::nullopt;
  }
}

}  // namespace

std::optional<LabRegex> read_regex(SpecMap& spec, const char* key) {
  auto pattern = spec.string(key);
  if (!pattern) return std::nullopt;
  return compile(spec, key, spec.node(key), *pattern, 1);
}

std::optional<std::vector<LabRegex>> read_regex_list(SpecMap& spec, const char* key) {
  const YAML::Node list = spec.node(key);
  if (!list.IsDefined()) return std::nullopt;
  if (!list.IsSequence() || list.size() == 0) {
    spec.error(key, fmt::format("'{}' in {} must be a non-empty list of regular expressions", key, spec.what()));
    return std::nullopt;
  }
  std::vector<LabRegex> regexes;
  bool ok = true;
  for (const auto& entry : list) {
    if (entry.IsScalar()) {
      auto regex = compile(spec, key, entry, entry.Scalar(), 1);
      ok = ok && regex;
      if (regex) regexes.push_back(std::move(*regex));
      continue;
    }
    SpecMap counted(entry, fmt::format("an entry of '{}'", key), {"regex", "min"}, spec.file(), spec.diagnostics());
    auto pattern = counted.string("regex", true);
    auto min = counted.integer("min", 1, 1'000'000, true);
    std::optional<LabRegex> regex;
    if (pattern && min) regex = compile(spec, key, entry, *pattern, *min);
    ok = ok && regex;
    if (regex) regexes.push_back(std::move(*regex));
  }
  if (!ok) return std::nullopt;
  return regexes;
}

}  // namespace labkit
