#include <labs/process/command_line.hpp>

#include <algorithm>
#include <iterator>

namespace labkit {

namespace {

/// Bytes with no meaning to /bin/sh anywhere in a word. Everything else —
/// quotes, $, `, \, globs, ~, #, !, redirections, separators, brackets and
/// any byte outside ASCII — leaves the command to the shell.
bool is_plain_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_-./,:=+@").find(c) != std::string_view::npos;
}

/// Words that mean something else to the shell than a program of that name
/// (`pwd` too: the shell's answers from $PWD, the program's from the kernel).
constexpr std::string_view kShellWords[] = {
    "if",    "then",   "else",     "elif",     "fi",       "do",     "done", "case",    "esac",  "while",
    "until", "for",    "in",       "function", "select",   "time",   ".",    ":",       "alias", "unalias",
    "bg",    "fg",     "jobs",     "break",    "continue", "return", "cd",   "command", "eval",  "exec",
    "exit",  "export", "readonly", "local",    "getopts",  "hash",   "pwd",  "read",    "set",   "unset",
    "shift", "source", "trap",     "type",     "ulimit",   "umask",  "wait"};

}  // namespace

std::optional<std::vector<std::string>> plain_command_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : command) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else if (is_plain_byte(c)) {
      word += c;
    } else {
      return std::nullopt;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (words.empty() || words.front().find('=') != std::string::npos) return std::nullopt;
  if (std::find(std::begin(kShellWords), std::end(kShellWords), words.front()) != std::end(kShellWords))
    return std::nullopt;
  return words;
}

}  // namespace labkit
