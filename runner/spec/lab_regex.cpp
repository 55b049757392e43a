#include <labs/spec/lab_regex.hpp>

#include <labs/base/utf8.hpp>

#include <fmt/format.h>

namespace labkit {

namespace {

/// Boost compares bytes, so `(?i)` folds only Latin letters; a Russian
/// heading "## Жизненный цикл" would not match `(?i)жизненн`. In a pattern
/// that ignores case, each Cyrillic letter outside a [class] becomes an
/// alternation of both its cases.
std::string with_cyrillic_cases(const std::string& pattern) {
  if (pattern.find("(?i)") == std::string::npos) return pattern;
  std::string out;
  bool in_class = false;
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    std::size_t length = 0;
    std::string other;
    if (c == '\\' && at + 1 < pattern.size()) {
      out += pattern.substr(at, 2);
      ++at;
    } else if (!in_class && cyrillic_other_case(pattern, at, length, other)) {
      out += "(?:" + pattern.substr(at, length) + "|" + other + ")";
      at += length - 1;
    } else {
      if (c == '[') in_class = true;
      if (c == ']') in_class = false;
      out += c;
    }
  }
  return out;
}

std::optional<LabRegex> compile(SpecMap& spec, const char* key, const YAML::Node& node, std::string pattern,
                                long min_count) {
  try {
    return LabRegex{pattern, boost::regex(with_cyrillic_cases(pattern), boost::regex::perl), min_count};
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
