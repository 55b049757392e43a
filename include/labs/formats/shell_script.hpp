#pragma once
// Shell scripts as sh reads them, for judging what a CI step or a Makefile
// recipe runs: `echo pytest`, `# pytest` and `"pytest"` run no pytest.

#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// One simple command: its words with quotes removed, and the operator that
/// follows it ("&&", "||", "|", ";", "\n", or "" at the end of the script).
struct ShellCommand {
  std::vector<std::string> words;
  std::string then;
};

/// The simple commands of `script`, in order: comments left out, quotes and
/// backslashes honoured, `\` line continuations joined, empty commands
/// dropped. Subshells and `$(...)` are read as words, not entered.
std::vector<ShellCommand> shell_commands(std::string_view script);

/// The words of the program a command really starts, past what only wraps
/// it: `VAR=value`, `sudo`, `time`, `env`, `exec`, `timeout N`, `xvfb-run`,
/// `python -m X` (then X first), `poetry|uv|pipenv|pdm|hatch run X`, `npx X`.
/// The program is given by its file name (`.venv/bin/pytest` is `pytest`).
std::vector<std::string> program_words(const std::vector<std::string>& words);

}  // namespace labkit
