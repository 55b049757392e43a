#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// Whether a variable name looks like it carries a secret: *TOKEN*, *SECRET*,
/// *PASSWORD*, *_KEY, *CREDENTIAL*, *_AUTH*, and CI job tokens.
bool is_secret_name(std::string_view name);

/// The environment a probe gets: an allow-list of the runner's variables
/// (PATH, HOME, LANG, LC_*, TERM, TZ, TMPDIR, USER, LOGNAME, SHELL), plus the
/// names a lab passes through (never secret-looking ones), plus values the lab
/// sets. A virtualenv in the repository (.venv/ or venv/) comes first on PATH.
std::vector<std::string> probe_environment(const std::filesystem::path& root,
                                           const std::vector<std::string>& pass_through = {},
                                           const std::vector<std::string>& assignments = {});

/// The environment of a tool that judges the learner's files (Python's
/// parser, promtool, the container engine): the same allow-list, but the
/// runner's own PATH — never a program of the learner's virtualenv or
/// repository, which could simply agree. `pass_through` as for probes.
std::vector<std::string> trusted_tool_environment(const std::vector<std::string>& pass_through = {});

/// The environment a child labs the runner starts (grading) gets: the
/// probes' allow-list plus labs' own LABS_* settings, without secrets and
/// without CI's files and variables (GITHUB_ENV, GITHUB_OUTPUT, CI itself).
std::vector<std::string> child_labs_environment();

/// The runner's own whole environment without the variables that say it
/// runs in CI (CI, GITHUB_ACTIONS, GITLAB_CI, GITHUB_STEP_SUMMARY): for a
/// child labs the runner starts itself (grading, selftest), which filters
/// what its probes get.
std::vector<std::string> environment_outside_ci();

/// The executable `name` would start as in a probe with `environment` (its
/// PATH, the learner's virtualenv first); empty when there is none.
std::filesystem::path find_program(const std::vector<std::string>& environment, std::string_view name);

/// Why a probe needing `programs` cannot run in `environment`: "NAME is not
/// installed (…)" for the first one missing; "" when all are there.
[[nodiscard]] std::string missing_program(const std::vector<std::string>& environment,
                                          const std::vector<std::string>& programs);

/// A word quoted for /bin/sh.
std::string shell_quote(const std::string& word);

/// Expands `{python:MODULE}` in a probe command to the first Python that can
/// import MODULE: the repository's .venv/ or venv/, then python3 on PATH, then
/// /usr/bin/python3 (e.g. `{python:uvicorn} -m uvicorn app.main:app`).
std::string expand_python(const std::string& command);

/// A shell expression printing that Python's path (empty when none can).
std::string python_with(const std::string& module);

}  // namespace labkit
