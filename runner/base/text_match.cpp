#include <labs/base/text_match.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace labkit {

int line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

int find_literal(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  return at == std::string_view::npos ? 0 : line_of(text, at);
}

RegexHits find_regex(std::string_view text, const boost::regex& regex, long limit) {
  RegexHits hits;
  // '.' stops at line ends, as in grep, so a pattern never spans two lines by accident.
  boost::cregex_iterator it(text.data(), text.data() + text.size(), regex, boost::match_not_dot_newline), end;
  for (; it != end && hits.count < limit; ++it) {
    if (hits.count++ == 0) hits.first_line = line_of(text, static_cast<std::size_t>((*it)[0].first - text.data()));
  }
  return hits;
}

std::string last_lines(const std::string& text, std::size_t count) {
  std::size_t start = text.size();
  for (std::size_t lines = 0; start > 0 && lines <= count;) {
    if (text[--start] == '\n' && start + 1 < text.size()) ++lines;
  }
  std::string shown = text.substr(start);
  while (!shown.empty() && shown.front() == '\n') shown.erase(0, 1);
  while (!shown.empty() && shown.back() == '\n') shown.pop_back();
  return shown;
}

std::string quote(std::string_view text, std::size_t width) {
  std::string line(text.substr(0, text.find('\n')));
  if (line.size() > width) line = line.substr(0, width) + "…";
  return "'" + line + "'";
}

}  // namespace labkit
