#include <labs/base/language.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <set>
#include <sstream>
#include <utility>

namespace labkit {

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

namespace {

std::string node_type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return fmt::format("'{}'", node.Scalar());
  }
}

}  // namespace

SpecMap::SpecMap(const YAML::Node& node, std::string what, std::initializer_list<const char*> keys,
                 const std::string& file, Diagnostics& diagnostics)
    : SpecMap(node, std::move(what), std::vector<std::string>(keys.begin(), keys.end()), file, diagnostics) {}

SpecMap::SpecMap(const YAML::Node& node, std::string what, std::span<const std::string_view> keys,
                 const std::string& file, Diagnostics& diagnostics)
    : SpecMap(node, std::move(what), std::vector<std::string>(keys.begin(), keys.end()), file, diagnostics) {}

SpecMap::SpecMap(const YAML::Node& node, std::string what, std::vector<std::string> keys, const std::string& file,
                 Diagnostics& diagnostics)
    : m_node(node), m_what(std::move(what)), m_keys(std::move(keys)), m_file(file), m_diagnostics(diagnostics) {
  if (!node.IsMap()) {
    m_diagnostics.error(location(),
                        fmt::format("{} must be a mapping of keys to values, found {}", m_what, node_type_name(node)));
    return;
  }
  m_is_map = true;
  std::set<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      m_diagnostics.error(location_of(entry.first, m_file), fmt::format("{}: keys must be plain words", m_what));
      continue;
    }
    const std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      m_diagnostics.error(location_of(entry.first, m_file), fmt::format("duplicate key '{}' in {}", key, m_what));
    }
    if (std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end()) continue;
    std::string message = fmt::format("unknown key '{}' in {}", key, m_what);
    if (const auto suggestion = did_you_mean(key, m_keys); !suggestion.empty()) {
      message += fmt::format(" (did you mean '{}'?)", suggestion);
    } else {
      message += fmt::format(" (allowed: {})", fmt::join(m_keys, ", "));
    }
    m_diagnostics.error(location_of(entry.first, m_file), message);
  }
}

void SpecMap::check_declared(const char* key) const {
  assert(std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end() && "key missing from SpecMap's list");
  (void)key;
}

bool SpecMap::has(const char* key) const {
  check_declared(key);
  return m_is_map && m_node[key].IsDefined();
}

SourceLocation SpecMap::location(const char* key) const {
  if (!m_is_map) return location();
  const YAML::Node value = m_node[key];
  return value.IsDefined() ? location_of(value, m_file) : location();
}

void SpecMap::error(const char* key, const std::string& message) { m_diagnostics.error(location(key), message); }

YAML::Node SpecMap::value(const char* key, bool required) {
  check_declared(key);
  if (!m_is_map) return YAML::Node(YAML::NodeType::Undefined);
  // The const look-up: yaml-cpp's other one adds an empty entry to the map
  // for every key it does not find, allocating a node for the key.
  const YAML::Node found = std::as_const(m_node)[key];
  if (found.IsDefined()) return found;
  if (required) m_diagnostics.error(location(), fmt::format("{} is missing the required key '{}'", m_what, key));
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node SpecMap::node(const char* key, bool required) { return value(key, required); }

std::optional<std::string> SpecMap::string(const char* key, bool required) {
  const YAML::Node found = value(key, required);
  if (!found.IsDefined()) return std::nullopt;
  if (!found.IsScalar()) {
    error(key, fmt::format("'{}' in {} must be text, found {}", key, m_what, node_type_name(found)));
    return std::nullopt;
  }
  return found.Scalar();
}

std::optional<std::string> SpecMap::one_path(const char* key, bool required) {
  std::optional<std::string> found = string(key, required);
  if (found && found->find_first_of("*?[]{}") != std::string::npos) {
    error(key, fmt::format("'{}' in {} names one path, but '{}' is a pattern: no file would ever be found by it", key,
                           m_what, *found));
    return std::nullopt;
  }
  return found;
}

std::optional<std::string> SpecMap::text(const char* key, bool required) {
  const YAML::Node found = value(key, required);
  if (!found.IsDefined()) return std::nullopt;
  if (found.IsScalar()) return found.Scalar();
  const auto bad = [&] {
    error(key, fmt::format("'{}' in {} must be text, or text per language such as {{en: ..., ru: ...}}", key, m_what));
    return std::nullopt;
  };
  if (!found.IsMap()) return bad();
  for (const auto& entry : found) {
    const std::string language = entry.first.Scalar();
    if (language.size() != 2 || !entry.second.IsScalar()) return bad();
  }
  if (!found["en"].IsDefined()) {
    error(key, fmt::format("'{}' in {} gives languages but not en, the fallback", key, m_what));
    return std::nullopt;
  }
  const YAML::Node wanted = found[text_language()];
  return wanted.IsDefined() ? wanted.Scalar() : found["en"].Scalar();
}

std::vector<std::string> SpecMap::text_variants(const char* key) {
  const YAML::Node found = value(key, false);
  std::vector<std::string> variants;
  if (found.IsScalar()) variants.push_back(found.Scalar());
  if (found.IsMap()) {
    for (const auto& entry : found) {
      if (entry.second.IsScalar()) variants.push_back(entry.second.Scalar());
    }
  }
  return variants;
}

std::optional<long> SpecMap::integer(const char* key, long min, long max, bool required) {
  const YAML::Node found = value(key, required);
  if (!found.IsDefined()) return std::nullopt;
  long parsed = 0;
  if (!found.IsScalar() || !YAML::convert<long>::decode(found, parsed)) {
    error(key, fmt::format("'{}' in {} must be a whole number, found {}", key, m_what, node_type_name(found)));
    return std::nullopt;
  }
  if (parsed < min || parsed > max) {
    error(key, fmt::format("'{}' in {} must be between {} and {}, found {}", key, m_what, min, max, parsed));
    return std::nullopt;
  }
  return parsed;
}

std::optional<double> SpecMap::number(const char* key, bool required) {
  const YAML::Node found = value(key, required);
  if (!found.IsDefined()) return std::nullopt;
  double parsed = 0;
  // YAML's .nan and .inf read as numbers, but NaN passes every range check
  // (a comparison with it is false) and infinity makes no duration.
  if (!found.IsScalar() || !YAML::convert<double>::decode(found, parsed) || !std::isfinite(parsed)) {
    error(key, fmt::format("'{}' in {} must be a finite number, found {}", key, m_what, node_type_name(found)));
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::chrono::milliseconds> SpecMap::seconds(const char* key, double max_seconds) {
  const auto value = number(key);
  if (!value) return std::nullopt;
  if (*value <= 0 || *value > max_seconds) {
    error(key, fmt::format("'{}' in {} is in seconds, above 0 and at most {}", key, m_what, max_seconds));
    return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<long>(*value * 1000));
}

std::optional<bool> SpecMap::boolean(const char* key, bool required) {
  const YAML::Node found = value(key, required);
  if (!found.IsDefined()) return std::nullopt;
  bool parsed = false;
  if (!found.IsScalar() || !YAML::convert<bool>::decode(found, parsed)) {
    error(key, fmt::format("'{}' in {} must be true or false, found {}", key, m_what, node_type_name(found)));
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::vector<std::string>> SpecMap::string_list(const char* key, bool required) {
  const YAML::Node found = value(key, required);
  if (!found.IsDefined()) return std::nullopt;
  if (!found.IsSequence()) {
    error(key,
          fmt::format("'{}' in {} must be a list, e.g. [\"a\", \"b\"], found {}", key, m_what, node_type_name(found)));
    return std::nullopt;
  }
  std::vector<std::string> values;
  for (const auto& element : found) {
    if (!element.IsScalar()) {
      m_diagnostics.error(location_of(element, m_file),
                          fmt::format("each entry of '{}' in {} must be text", key, m_what));
      return std::nullopt;
    }
    values.push_back(element.Scalar());
  }
  if (values.empty()) {
    error(key, fmt::format("'{}' in {} is an empty list: it would check nothing", key, m_what));
    return std::nullopt;
  }
  return values;
}

std::optional<std::vector<std::string>> SpecMap::name_list(const char* key, const std::vector<std::string>& known,
                                                           const char* noun) {
  auto names = string_list(key);
  if (!names) return names;
  for (const auto& name : *names) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const auto suggestion = did_you_mean(name, known);
    error(key, fmt::format("unknown {} '{}'{}", noun, name,
                           suggestion.empty() ? fmt::format(" ({}s: {})", noun, fmt::join(known, ", "))
                                              : fmt::format(" (did you mean '{}'?)", suggestion)));
  }
  return names;
}

bool CountRange::contains(long value) const { return (!min || value >= *min) && (!max || value <= *max); }

std::string CountRange::describe() const {
  if (min && max) return *min == *max ? fmt::format("exactly {}", *min) : fmt::format("between {} and {}", *min, *max);
  if (min) return fmt::format("at least {}", *min);
  return fmt::format("at most {}", *max);
}

std::optional<CountRange> read_count_range(const YAML::Node& node, const std::string& what, const std::string& file,
                                           Diagnostics& diagnostics) {
  SpecMap spec(node, what, {"min", "max"}, file, diagnostics);
  if (!spec.is_map()) return std::nullopt;
  CountRange range{spec.integer("min", 0, 1'000'000'000), spec.integer("max", 0, 1'000'000'000)};
  if (!range.min && !range.max) {
    spec.error("min", fmt::format("{} needs 'min' or 'max'", what));
    return std::nullopt;
  }
  if (range.min && range.max && *range.min > *range.max) {
    spec.error("max", fmt::format("{}: 'max' ({}) is below 'min' ({})", what, *range.max, *range.min));
    return std::nullopt;
  }
  return range;
}

}  // namespace labkit
