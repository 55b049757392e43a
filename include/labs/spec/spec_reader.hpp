#pragma once

#include <labs/base/diagnostics.hpp>
#include <labs/base/yaml_util.hpp>

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// Where a YAML node stands in its file.
SourceLocation location_of(const YAML::Node& node, const std::string& file);

/// Reads one YAML mapping of a lab file strictly: the keys it may hold are
/// declared up front, so an unknown or duplicated key, a missing required key
/// or a value of the wrong type becomes a diagnostic with line and column.
/// Getters return nullopt (and record an error) when a value is unusable.
class SpecMap {
 public:
  SpecMap(const YAML::Node& node, std::string what, std::initializer_list<const char*> keys, const std::string& file,
          Diagnostics& diagnostics);
  /// With the keys of a check kind's registry row.
  SpecMap(const YAML::Node& node, std::string what, std::span<const std::string_view> keys, const std::string& file,
          Diagnostics& diagnostics);

  bool is_map() const { return m_is_map; }
  /// A mapping without a single key, e.g. `git: {}`.
  bool is_empty() const { return m_is_map && m_node.size() == 0; }
  bool has(const char* key) const;
  SourceLocation location() const { return location_of(m_node, m_file); }
  SourceLocation location(const char* key) const;

  std::optional<std::string> string(const char* key, bool required = false);
  /// Text naming one file or folder of the repository: glob characters there
  /// are an error, for no learner's file would ever be found under that name.
  std::optional<std::string> one_path(const char* key, bool required = false);
  /// Text for people, given as a string or per language ({en: ..., ru: ...};
  /// English required, the fallback): the variant in text_language().
  std::optional<std::string> text(const char* key, bool required = false);
  /// Every language's variant of such a text (e.g. to recognise it in a file).
  std::vector<std::string> text_variants(const char* key);
  std::optional<long> integer(const char* key, long min, long max, bool required = false);
  std::optional<double> number(const char* key, bool required = false);
  std::optional<bool> boolean(const char* key, bool required = false);
  /// A duration given in seconds, above 0 and at most `max_seconds`.
  std::optional<std::chrono::milliseconds> seconds(const char* key, double max_seconds);
  /// A sequence of strings; a single scalar is not accepted, so the YAML
  /// shows plainly that several values are allowed.
  std::optional<std::vector<std::string>> string_list(const char* key, bool required = false);
  /// A list whose entries must be among `known` (rule names and the like);
  /// an unknown one is an error with a did-you-mean.
  std::optional<std::vector<std::string>> name_list(const char* key, const std::vector<std::string>& known,
                                                    const char* noun);
  /// The raw node, for values with a shape of their own.
  YAML::Node node(const char* key, bool required = false);

  /// Records an error at the value of key (or the map when absent).
  void error(const char* key, const std::string& message);
  const std::string& file() const { return m_file; }
  const std::string& what() const { return m_what; }
  Diagnostics& diagnostics() { return m_diagnostics; }

 private:
  SpecMap(const YAML::Node& node, std::string what, std::vector<std::string> keys, const std::string& file,
          Diagnostics& diagnostics);
  YAML::Node value(const char* key, bool required);
  void check_declared(const char* key) const;

  YAML::Node m_node;
  std::string m_what;
  std::vector<std::string> m_keys;
  const std::string& m_file;
  Diagnostics& m_diagnostics;
  bool m_is_map = false;
};

/// A `{min: N, max: M}` bound, as used by counts throughout the lab format.
struct CountRange {
  std::optional<long> min;
  std::optional<long> max;
  bool contains(long value) const;
  /// "at least 3", "at most 5", "between 2 and 4"
  std::string describe() const;
};

std::optional<CountRange> read_count_range(const YAML::Node& node, const std::string& what, const std::string& file,
                                           Diagnostics& diagnostics);

}  // namespace labkit
