#include <labs/formats/shell_script.hpp>

#include <algorithm>
#include <array>
#include <filesystem>

namespace labkit {

namespace {

/// Reads one script character by character, building words and commands.
class ShellReader {
 public:
  std::vector<ShellCommand> read(std::string_view script) {
    for (std::size_t at = 0; at < script.size(); ++at) {
      const char c = script[at];
      if (m_quote) {
        at = in_quotes(script, at);
      } else if (c == '\\' && at + 1 < script.size()) {
        if (script[at + 1] != '\n') push_char(script[at + 1]);
        ++at;  // a continuation joins the lines
      } else if (c == '\'' || c == '"') {
        m_quote = c;
        m_in_word = true;
      } else if (c == '#' && !m_in_word) {
        while (at + 1 < script.size() && script[at + 1] != '\n') ++at;  // a comment, to the end of the line
      } else if (c == ' ' || c == '\t') {
        end_word();
      } else if (const std::size_t length = operator_at(script, at)) {
        end_command(std::string(script.substr(at, length)));
        at += length - 1;
      } else {
        push_char(c);
      }
    }
    end_command("");
    return std::move(m_commands);
  }

 private:
  std::size_t in_quotes(std::string_view script, std::size_t at) {
    const char c = script[at];
    if (c == m_quote) {
      m_quote = 0;
    } else if (m_quote == '"' && c == '\\' && at + 1 < script.size()) {
      push_char(script[++at]);
    } else {
      push_char(c);
    }
    return at;
  }
  static std::size_t operator_at(std::string_view script, std::size_t at) {
    for (std::string_view two : {"&&", "||"}) {
      if (script.substr(at, 2) == two) return 2;
    }
    return script[at] == ';' || script[at] == '\n' || script[at] == '|' || script[at] == '&' ? 1 : 0;
  }
  void push_char(char c) {
    m_word += c;
    m_in_word = true;
  }
  void end_word() {
    if (m_in_word) m_current.words.push_back(std::move(m_word));
    m_word.clear();
    m_in_word = false;
  }
  void end_command(std::string then) {
    end_word();
    if (m_current.words.empty()) {
      // `a && \n b`: the operator that matters is the one after a.
      if (!m_commands.empty() && m_commands.back().then == "\n") m_commands.back().then = then;
      return;
    }
    m_current.then = std::move(then);
    m_commands.push_back(std::move(m_current));
    m_current = {};
  }

  std::vector<ShellCommand> m_commands;
  ShellCommand m_current;
  std::string m_word;
  bool m_in_word = false;
  char m_quote = 0;
};

bool is_assignment(const std::string& word) {
  const auto equals = word.find('=');
  return equals != std::string::npos && equals > 0 &&
         std::all_of(word.begin(), word.begin() + static_cast<long>(equals),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string file_name(const std::string& word) { return std::filesystem::path(word).filename().string(); }

bool is_python(const std::string& name) {
  return name == "python" || (name.starts_with("python3") && std::all_of(name.begin() + 7, name.end(), [](char c) {
                                return c == '.' || std::isdigit(static_cast<unsigned char>(c));
                              }));
}

}  // namespace

std::vector<ShellCommand> shell_commands(std::string_view script) { return ShellReader().read(script); }

std::vector<std::string> program_words(const std::vector<std::string>& words) {
  static constexpr std::array kWrappers{"sudo", "time", "env", "exec", "command", "nohup", "xvfb-run", "npx"};
  static constexpr std::array kRunners{"poetry", "uv", "pipenv", "pdm", "hatch", "rye"};
  const auto options_from = [&](std::size_t at) {
    while (at < words.size() && words[at].starts_with('-')) ++at;  // sudo -E, env -i, timeout -s KILL
    return at;
  };
  std::size_t at = 0;
  while (at < words.size()) {
    const std::string name = file_name(words[at]);
    if (is_assignment(words[at])) {
      ++at;
    } else if (std::find(kWrappers.begin(), kWrappers.end(), name) != kWrappers.end()) {
      at = options_from(at + 1);
    } else if (name == "timeout") {
      at = options_from(at + 1) + 1;  // and its duration
    } else if (const bool runner = std::find(kRunners.begin(), kRunners.end(), name) != kRunners.end();
               (runner && at + 1 < words.size() && words[at + 1] == "run") ||
               (is_python(name) && at + 2 < words.size() && words[at + 1] == "-m")) {
      at += 2;  // `poetry run X`, `python -m X`
    } else {
      break;
    }
  }
  if (at >= words.size()) return {};
  std::vector<std::string> program(words.begin() + static_cast<long>(at), words.end());
  program.front() = file_name(program.front());
  return program;
}

}  // namespace labkit
