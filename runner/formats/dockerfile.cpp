#include <labs/base/strings.hpp>
#include <labs/formats/dockerfile.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <boost/regex.hpp>
#include <cctype>

namespace labkit {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

bool is_comment(std::string_view line) {
  const auto first = line.find_first_not_of(" \t");
  return first != std::string_view::npos && line[first] == '#';
}

std::vector<std::string> split_lines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte-order mark
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

/// Whether a line ends in the escape character (then spaces or tabs), which
/// continues the instruction on the next line; strips it.
bool continues(std::string& line, char escape) {
  const auto last = line.find_last_not_of(" \t");
  if (last == std::string::npos || line[last] != escape) return false;
  line.erase(last);
  return true;
}

/// Parser directives: `# key=value` lines at the very top.
std::size_t read_directives(const std::vector<std::string>& lines, Dockerfile& file) {
  static const boost::regex directive(R"(^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$)");
  std::size_t at = 0;
  if (!lines.empty() && lines[0].starts_with("#!")) at = 1;  // a shebang line is skipped
  std::vector<std::string> seen;
  for (; at < lines.size(); ++at) {
    boost::smatch match;
    if (!boost::regex_match(lines[at], match, directive)) break;
    const std::string key = lower(match[1]);
    if (key != "syntax" && key != "escape" && key != "check") break;  // an ordinary comment ends them
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      file.problems.push_back(fmt::format("{}: only one {} parser directive can be used", at + 1, key));
      continue;
    }
    seen.push_back(key);
    const std::string value = match[2];
    if (key == "syntax") file.syntax = value;
    if (key == "escape") {
      if (value == "`" || value == "\\") {
        file.escape = value[0];
      } else {
        file.problems.push_back(
            fmt::format("{}: invalid escape token '{}' (only \\ and ` are allowed)", at + 1, value));
      }
    }
  }
  return at;
}

/// `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"` markers of an instruction, in order.
std::vector<std::pair<std::string, bool>> heredoc_markers(const std::string& text) {
  static const boost::regex marker(R"(<<(-?)(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2)");
  std::vector<std::pair<std::string, bool>> markers;
  for (boost::sregex_iterator it(text.begin(), text.end(), marker), end; it != end; ++it) {
    markers.emplace_back((*it)[3], (*it)[1] == "-");
  }
  return markers;
}

void split_flags(DockerInstruction& instruction) {
  std::string rest = instruction.arguments;
  while (rest.starts_with("--")) {
    const auto space = rest.find_first_of(" \t");
    instruction.flags.push_back(rest.substr(0, space));
    rest = space == std::string::npos ? "" : trimmed(rest.substr(space), " \t\r");
  }
  instruction.arguments = rest;
}

void read_exec_form(DockerInstruction& instruction) {
  if (!instruction.arguments.starts_with("[")) return;
  // Only a JSON array of strings (double quotes) is exec form; anything else
  // — ['python', 'app.py'] included — is run by a shell, as Docker does.
  const auto parsed = nlohmann::json::parse(instruction.arguments, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) return;
  std::vector<std::string> args;
  for (const auto& element : parsed) {
    if (!element.is_string()) return;
    args.push_back(element.get<std::string>());
  }
  instruction.json_form = true;
  instruction.json_args = std::move(args);
}

void add_stage(Dockerfile& file, const DockerInstruction& from, std::size_t index) {
  if (!file.stages.empty()) file.stages.back().end = index;
  std::vector<std::string> words;
  for (std::size_t start = 0; start < from.arguments.size();) {
    const auto space = from.arguments.find_first_of(" \t", start);
    const std::string word =
        from.arguments.substr(start, space == std::string::npos ? std::string::npos : space - start);
    if (!word.empty()) words.push_back(word);
    if (space == std::string::npos) break;
    start = space + 1;
  }
  DockerStage stage{words.empty() ? "" : words[0], "", from.line, index, index + 1};
  if (words.size() >= 3 && lower(words[1]) == "as") stage.name = words[2];
  if (words.empty()) file.problems.push_back(fmt::format("{}: FROM needs an image", from.line));
  file.stages.push_back(stage);
}

}  // namespace

Dockerfile parse_dockerfile(std::string_view text) {
  Dockerfile file;
  const std::vector<std::string> lines = split_lines(text);
  std::size_t at = read_directives(lines, file);
  while (at < lines.size()) {
    std::string line = lines[at];
    if (trimmed(line, " \t\r").empty() || is_comment(line)) {
      ++at;
      continue;
    }
    DockerInstruction instruction;
    instruction.line = static_cast<int>(at) + 1;
    std::string joined;
    // As BuildKit joins them: the escape character goes, the whitespace around it stays.
    bool more = continues(line, file.escape);
    // trimmed() drops every kind of blank; a line of, say, form feeds has no start here.
    const std::size_t start = line.find_first_not_of(" \t");
    joined = start == std::string::npos ? "" : line.substr(start);
    ++at;
    while (more && at < lines.size()) {
      std::string next = lines[at++];
      if (is_comment(next)) continue;                // comments inside a continuation are dropped
      if (trimmed(next, " \t\r").empty()) continue;  // an empty continuation line (BuildKit warns)
      more = continues(next, file.escape);
      joined += next;
    }
    joined = trimmed(joined, " \t\r");
    const auto space = joined.find_first_of(" \t");
    instruction.keyword = upper(joined.substr(0, space));
    instruction.arguments = space == std::string::npos ? "" : trimmed(joined.substr(space), " \t\r");
    if (instruction.keyword == "RUN" || instruction.keyword == "COPY" || instruction.keyword == "ADD") {
      for (const auto& [word, strip_tabs] : heredoc_markers(instruction.arguments)) {
        std::string body;
        while (at < lines.size() && trimmed(lines[at], " \t\r") != word) {
          std::string body_line = lines[at++];
          if (strip_tabs) body_line.erase(0, body_line.find_first_not_of('\t'));
          body += body_line + "\n";
        }
        if (at < lines.size()) {
          ++at;
        } else {
          file.problems.push_back(fmt::format("{}: heredoc <<{} is never closed", instruction.line, word));
        }
        instruction.heredocs.push_back(std::move(body));
      }
    }
    split_flags(instruction);
    if (instruction.keyword == "RUN" || instruction.keyword == "CMD" || instruction.keyword == "ENTRYPOINT" ||
        instruction.keyword == "SHELL") {
      read_exec_form(instruction);
    }
    if (instruction.keyword == "FROM")
      add_stage(file, instruction, file.instructions.size());
    else if (file.stages.empty() && instruction.keyword != "ARG") {
      file.problems.push_back(
          fmt::format("{}: {} comes before the first FROM (only ARG may)", instruction.line, instruction.keyword));
    }
    file.instructions.push_back(std::move(instruction));
  }
  if (!file.stages.empty()) file.stages.back().end = file.instructions.size();
  if (file.instructions.empty()) file.problems.push_back("1: the file has no instructions");
  return file;
}

}  // namespace labkit
