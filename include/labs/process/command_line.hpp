#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// The words of a probe command that /bin/sh would run as one plain program
/// with literal arguments — `pytest -q tests`, `ruff check .` — or nothing
/// when the shell has work to do: quoting, expansion, redirection, pipes,
/// lists, globs, comments, assignments, keywords and the builtins that change
/// the shell itself. Such a command can be started without the shell, which
/// saves a process start per probe; the shell would behave no differently.
std::optional<std::vector<std::string>> plain_command_words(std::string_view command);

}  // namespace labkit
