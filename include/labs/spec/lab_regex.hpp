#pragma once

#include <labs/spec/spec_reader.hpp>

#include <boost/regex.hpp>

#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// A regular expression from a lab file, compiled when the lab loads so a bad
/// pattern is a load error with its line, not a failure at run time.
/// Perl syntax; `^` and `$` match at every line and `.` never crosses one.
struct LabRegex {
  std::string pattern;
  boost::regex compiled;
  long min_count = 1;  ///< how many matches are needed
};

/// Reads a list of patterns, each a string or `{regex: R, min: N}`.
std::optional<std::vector<LabRegex>> read_regex_list(SpecMap& spec, const char* key);
std::optional<LabRegex> read_regex(SpecMap& spec, const char* key);

}  // namespace labkit
