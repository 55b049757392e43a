#include <labs/process/probe_env.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

extern char** environ;

namespace labkit {

namespace {

constexpr std::array kAllowed{"PATH", "HOME", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL"};

std::string upper(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::toupper(c); });
  return result;
}

bool allowed(std::string_view name) {
  return name.starts_with("LC_") || std::find(kAllowed.begin(), kAllowed.end(), name) != kAllowed.end();
}

void set(std::vector<std::string>& environment, const std::string& name, const std::string& value) {
  const std::string prefix = name + "=";
  std::erase_if(environment, [&](const std::string& entry) { return entry.starts_with(prefix); });
  environment.push_back(prefix + value);
}

/// The runner's variables on the allow-list or named by `pass_through`,
/// never a secret-looking one.
std::vector<std::string> allowed_environment(const std::vector<std::string>& pass_through) {
  std::vector<std::string> environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    const bool wanted =
        allowed(name) || std::find(pass_through.begin(), pass_through.end(), name) != pass_through.end();
    if (wanted && !is_secret_name(name)) environment.emplace_back(text);
  }
  return environment;
}

}  // namespace

std::vector<std::string> environment_outside_ci() {
  std::vector<std::string> environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if (name == "CI" || name == "GITHUB_ACTIONS" || name == "GITLAB_CI" || name == "GITHUB_STEP_SUMMARY") continue;
    environment.emplace_back(text);
  }
  return environment;
}

bool is_secret_name(std::string_view name) {
  const std::string n = upper(name);
  for (const char* word : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return n.ends_with("_KEY") || n.ends_with("_AUTH") || n.find("_KEY_") != std::string::npos || n == "KEY" ||
         n.starts_with("AWS_") || n == "CI_JOB_JWT" || n.starts_with("ACTIONS_ID_TOKEN");
}

std::vector<std::string> probe_environment(const std::filesystem::path& root,
                                           const std::vector<std::string>& pass_through,
                                           const std::vector<std::string>& assignments) {
  std::vector<std::string> environment = allowed_environment(pass_through);
  const char* path = std::getenv("PATH");
  std::string search = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (const char* venv : {".venv", "venv"}) {
    const ResolvedPath bin = resolve_inside(root, std::string(venv) + "/bin");
    std::error_code error;
    if (bin.ok() && std::filesystem::is_directory(bin.path, error)) {
      search.insert(0, bin.path.string() + ":");
      set(environment, "VIRTUAL_ENV", bin.path.parent_path().string());
      break;
    }
  }
  set(environment, "PATH", search);
  for (const auto& assignment : assignments) {
    const auto equals = assignment.find('=');
    set(environment, assignment.substr(0, equals), equals == std::string::npos ? "" : assignment.substr(equals + 1));
  }
  return environment;
}

std::vector<std::string> trusted_tool_environment(const std::vector<std::string>& pass_through) {
  std::vector<std::string> environment = allowed_environment(pass_through);
  const char* path = std::getenv("PATH");
  set(environment, "PATH", path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
  return environment;
}

std::vector<std::string> child_labs_environment() {
  std::vector<std::string> environment;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if ((allowed(name) || name.starts_with("LABS_") || name.starts_with("XDG_")) && !is_secret_name(name))
      environment.emplace_back(text);
  }
  return environment;
}

std::filesystem::path find_program(const std::vector<std::string>& environment, std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos) return {};
  std::string_view search;
  for (const auto& entry : environment) {
    if (entry.starts_with("PATH=")) search = std::string_view(entry).substr(5);
  }
  while (!search.empty()) {
    const std::size_t colon = std::min(search.find(':'), search.size());
    std::filesystem::path candidate = std::filesystem::path(search.substr(0, colon)) / name;
    search.remove_prefix(std::min(colon + 1, search.size()));
    if (!candidate.parent_path().empty() && ::access(candidate.c_str(), X_OK) == 0 &&
        !std::filesystem::is_directory(candidate)) {
      return candidate;
    }
  }
  return {};
}

std::string missing_program(const std::vector<std::string>& environment, const std::vector<std::string>& programs) {
  for (const auto& program : programs) {
    if (find_program(environment, program).empty()) {
      return fmt::format("{} is not installed (not in .venv/bin, venv/bin or on PATH)", program);
    }
  }
  return "";
}

std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string python_with(const std::string& module) {
  return "$(for py in .venv/bin/python venv/bin/python python3 /usr/bin/python3; do "
         "\"$py\" -c 'import " +
         module + "' >/dev/null 2>&1 && { echo \"$py\"; break; }; done)";
}

std::string expand_python(const std::string& command) {
  std::string expanded = command;
  for (std::size_t at; (at = expanded.find("{python:")) != std::string::npos;) {
    const std::size_t end = expanded.find('}', at);
    if (end == std::string::npos) break;
    const std::string module = expanded.substr(at + 8, end - at - 8);
    expanded.replace(at, end - at + 1, "\"" + python_with(module) + "\"");
  }
  return expanded;
}

}  // namespace labkit
