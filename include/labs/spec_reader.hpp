#pragma once

#include <labs/diagnostics.hpp>

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// Where a YAML node stands in its file.
SourceLocation location_of(const YAML::Node& node, const std::string& file);

// For reading learners' YAML, where any key may be absent or null.
/// Present and not null.
inline bool yaml_present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }
/// 1-based line of the node, 0 when unknown.
inline int yaml_line(const YAML::Node& node) { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }
/// A YAML file of the learner's repository (inside it: see resolve_inside),
/// at most 4 MiB. nullopt when it is absent or unreadable; when it is not
/// valid YAML, also `problem` = "FILE:LINE: not valid YAML: ...".
std::optional<YAML::Node> read_repo_yaml(const std::filesystem::path& root, const std::string& relative, std::string& problem);
/// Every document of a YAML stream, as YAML::LoadAll reads them; throws
/// YAML::ParserException on a stream that LoadAll of yaml-cpp 0.7 would loop
/// on for ever (see load_yaml_documents in spec_reader.cpp).
std::vector<YAML::Node> load_yaml_documents(const std::string& text);
/// Its text when it is a scalar, else "".
inline std::string yaml_text(const YAML::Node& node) { return yaml_present(node) && node.IsScalar() ? node.Scalar() : ""; }

/// Reads one YAML mapping of a lab file strictly: the keys it may hold are
/// declared up front, so an unknown or duplicated key, a missing required key
/// or a value of the wrong type becomes a diagnostic with line and column.
/// Getters return nullopt (and record an error) when a value is unusable.
class SpecMap {
 public:
  SpecMap(const YAML::Node& node, std::string what, std::initializer_list<const char*> keys,
          const std::string& file, Diagnostics& diagnostics);

  bool is_map() const { return m_is_map; }
  bool has(const char* key) const;
  SourceLocation location() const { return location_of(m_node, m_file); }
  SourceLocation location(const char* key) const;

  std::optional<std::string> string(const char* key, bool required = false);
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

std::optional<CountRange> read_count_range(const YAML::Node& node, const std::string& what,
                                           const std::string& file, Diagnostics& diagnostics);

}  // namespace labkit
