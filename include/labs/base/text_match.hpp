#pragma once

#include <boost/regex.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// 1-based line of the first occurrence of `needle`, 0 when absent.
int find_literal(std::string_view text, std::string_view needle);

/// Counts matches (up to `limit`) and gives the line of the first; throws
/// std::runtime_error when the pattern is too costly for the text.
struct RegexHits {
  long count = 0;
  int first_line = 0;
};
RegexHits find_regex(std::string_view text, const boost::regex& regex, long limit);

/// The 1-based line number of a byte offset.
int line_of(std::string_view text, std::size_t offset);

/// The last `count` lines of a program's output, without blank lines around.
std::string last_lines(const std::string& text, std::size_t count);

/// Text for evidence: at most `width` characters, on one line.
std::string quote(std::string_view text, std::size_t width = 60);

}  // namespace labkit
