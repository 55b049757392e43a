#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/process/python_code.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo.hpp>
#include <labs/repo/repo_files.hpp>

#include "python_code_script.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>

namespace labkit {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// What a module's facts are kept by: its path and its whole text.
std::string memo_key(const std::string& path, const std::string& source) {
  std::string key = path;
  key += '\0';
  key += source;
  return key;
}

constexpr std::size_t kMaxModuleBytes = 2 << 20;
constexpr std::size_t kFilesPerReader = 400;

/// A folder of its own for one reader run: the script and the request.
/// Removed when the run ends, also by Ctrl-C.
class ReaderFolder {
 public:
  ReaderFolder()
      : m_path(make()), m_cleanup([path = m_path] {
          std::error_code ignored;
          if (!path.empty()) fs::remove_all(path, ignored);
        }) {}
  const fs::path& path() const { return m_path; }

 private:
  static fs::path make() {
    std::string pattern = (fs::temp_directory_path() / "labs-python-XXXXXX").string();
    return ::mkdtemp(pattern.data()) ? fs::path(pattern) : fs::path();
  }
  fs::path m_path;
  ScopedCleanup m_cleanup;
};

/// Runs the script on a request; the parsed answer, or nullopt with `error`.
std::optional<json> run_reader(const json& request, std::string& error) {
  ReaderFolder folder;
  if (folder.path().empty()) {
    error = "no temporary folder for Python's parser";
    return std::nullopt;
  }
  std::ofstream(folder.path() / "read.py") << kPythonCodeScript;
  std::ofstream(folder.path() / "request.json") << request.dump(-1, ' ', false, json::error_handler_t::replace);
  // The system's Python, isolated (-I: nothing of the repository on its
  // path), never the learner's virtualenv: the script is labs' own and only
  // parses the sources it is given as data.
  ProcessRequest process{"python3 -I read.py request.json", folder.path(), std::chrono::seconds(60), 256 << 20,
                         trusted_tool_environment()};
  process.containment.learner_code = false;
  const ProcessResult result = run_process(process);
  if (result.exit_code != 0) {
    error = fmt::format("could not run Python's parser: {}", !result.launch_error.empty() ? result.launch_error
                                                             : result.timed_out ? std::string("it took over a minute")
                                                                                : result.err.substr(0, 300));
    return std::nullopt;
  }
  auto answer = json::parse(result.out, nullptr, false);
  if (answer.is_discarded()) {
    error = "Python's parser gave an answer labs cannot read";
    return std::nullopt;
  }
  return answer;
}

PythonCall call_from(const json& row) {
  PythonCall call{row.at(0).get<std::string>(), row.at(1).get<int>(), {}, {}, row.at(4).get<bool>()};
  for (const auto& text : row.at(2)) call.strings.push_back(text.get<std::string>());
  for (const auto& method : row.at(3)) call.methods.push_back(method.get<std::string>());
  for (const auto& [name, value] : row.at(5).items()) call.keywords.emplace(name, value.get<std::string>());
  for (const auto& argument : row.at(6)) call.arguments.push_back(argument.get<std::string>());
  return call;
}

PythonModule module_from(const std::string& path, const json& facts) {
  PythonModule module;
  module.path = path;
  if (facts.contains("error")) {
    module.error = facts["error"].get<std::string>();
    module.error_line = facts.value("line", 0);
    return module;
  }
  for (const auto& row : facts["imports"])
    module.imports.emplace_back(row.at(0).get<std::string>(), row.at(1).get<int>());
  for (const auto& row : facts["calls"]) module.calls.push_back(call_from(row));
  for (const auto& row : facts["functions"]) {
    PythonFunction function;
    function.name = row["name"].get<std::string>();
    function.owner = row["owner"].get<std::string>();
    function.line = row["line"].get<int>();
    function.end = row["end"].get<int>();
    function.test = row["test"].get<bool>();
    function.skipped = row["skipped"].get<bool>();
    function.checks = row["checks"].get<int>();
    function.stub = row["stub"].get<bool>();
    function.returns_value = row["returns_value"].get<bool>();
    function.params = row["params"].get<int>();
    for (const auto& decorator : row["decorators"]) function.decorators.push_back(call_from(decorator));
    module.functions.push_back(std::move(function));
  }
  for (const auto& prefix : facts["prefixes"]) module.prefixes.push_back(prefix.get<std::string>());
  for (const auto& line : facts["shifts"]) module.shift_lines.push_back(line.get<int>());
  for (const auto& row : facts["inner"]) {
    PythonFunction function;
    function.name = row.at(0).get<std::string>();
    function.line = row.at(1).get<int>();
    for (const auto& decorator : row.at(2)) function.decorators.push_back(call_from(decorator));
    module.inner_functions.push_back(std::move(function));
  }
  for (const auto& row : facts["apps"])
    module.apps.push_back({row.at(0).get<std::string>(), row.at(1).get<std::string>(), row.at(2).get<int>()});
  return module;
}

/// What was read, by path and content, for the life of the process.
class ModuleMemo {
 public:
  std::optional<PythonModule> find(const std::string& key) {
    const std::lock_guard lock(m_mutex);
    const auto found = m_modules.find(key);
    return found == m_modules.end() ? std::nullopt : std::optional<PythonModule>(found->second);
  }
  void keep(std::string key, const PythonModule& module) {
    const std::lock_guard lock(m_mutex);
    if (m_bytes > (std::size_t{256} << 20)) m_modules.clear(), m_bytes = 0;
    m_bytes += key.size();
    m_modules.insert_or_assign(std::move(key), module);
  }

 private:
  std::mutex m_mutex;
  std::map<std::string, PythonModule> m_modules;
  std::size_t m_bytes = 0;
};

ModuleMemo& memo() {
  static ModuleMemo modules;
  return modules;
}

/// Parses the sources not seen before, a batch per reader run.
std::string read_new(std::vector<std::pair<std::string, std::string>>& unread,
                     std::map<std::string, PythonModule>& read) {
  for (std::size_t start = 0; start < unread.size(); start += kFilesPerReader) {
    json request{{"mode", "facts"}, {"files", json::object()}};
    const std::size_t end = std::min(unread.size(), start + kFilesPerReader);
    for (std::size_t i = start; i < end; ++i) request["files"][unread[i].first] = unread[i].second;
    std::string error;
    const auto answer = run_reader(request, error);
    if (!answer) return error;
    for (std::size_t i = start; i < end; ++i) {
      const auto& [path, source] = unread[i];
      if (!answer->contains(path)) continue;
      try {
        PythonModule module = module_from(path, answer->at(path));
        memo().keep(memo_key(path, source), module);
        read.emplace(path, std::move(module));
      } catch (const json::exception&) {
        return "Python's parser gave an answer labs cannot read";
      }
    }
  }
  return "";
}

}  // namespace

bool is_route_decorator(const PythonCall& decorator) {
  static const std::vector<std::string> verbs{"get",  "post",    "put",   "patch",    "delete",
                                              "head", "options", "route", "api_route"};
  const std::string verb = decorator.name.substr(decorator.name.rfind('.') + 1);
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

bool is_test_file(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  return path.starts_with("tests/") || path.find("/tests/") != std::string::npos || name.starts_with("test_") ||
         name.ends_with("_test.py") || name == "conftest.py" || name == "tests.py";
}

bool dotted_name_matches(const std::string& pattern, const std::string& name) {
  for (std::size_t start = 0; start <= pattern.size();) {
    const std::size_t bar = std::min(pattern.find('|', start), pattern.size());
    const std::string alternative = pattern.substr(start, bar - start);
    if (alternative == name || glob_match(alternative, name)) return true;
    start = bar + 1;
  }
  return false;
}

PythonCode read_python_code(const fs::path& root, const std::vector<std::string>& paths) {
  PythonCode code;
  std::map<std::string, PythonModule> read;
  std::vector<std::pair<std::string, std::string>> unread;
  for (const auto& path : paths) {
    auto source = read_repo_text(root, path, kMaxModuleBytes);
    if (!source) continue;
    if (auto known = memo().find(memo_key(path, *source))) {
      read.emplace(path, std::move(*known));
      continue;
    }
    unread.emplace_back(path, std::move(*source));
  }
  code.error = read_new(unread, read);
  if (!code.error.empty()) return code;
  for (const auto& path : paths) {
    if (auto found = read.find(path); found != read.end()) code.modules.push_back(std::move(found->second));
  }
  return code;
}

namespace {

/// Route decorators in a module: the app a project serves has its routes.
long routes_in(const PythonModule& module) {
  long count = 0;
  for (const auto& function : module.functions)
    count += std::count_if(function.decorators.begin(), function.decorators.end(), is_route_decorator);
  return count;
}

}  // namespace

std::vector<WebApp> find_web_apps(const Repo& repo, std::string& error, std::vector<std::string>& unreadable) {
  std::vector<std::string> modules = own_files(repo, "**/*.py");
  std::erase_if(modules, is_test_file);
  const PythonCode code = read_python_code(repo.root(), modules);
  error = code.error;
  std::vector<std::pair<long, WebApp>> ranked;
  for (const auto& module : code.modules) {
    if (!module.error.empty())
      unreadable.push_back(fmt::format("{}:{}: {}", module.path, module.error_line, module.error));
    for (const auto& app : module.apps) {
      WebApp found{module.path, app.variable, app.framework, "", "", app.line};
      std::string dotted = module.path.substr(0, module.path.size() - 3);
      if (dotted.starts_with("src/")) dotted.erase(0, 4), found.source_root = "src";
      if (dotted.ends_with("/__init__")) dotted.erase(dotted.size() - 9);
      std::replace(dotted.begin(), dotted.end(), '/', '.');
      found.module = dotted;
      ranked.emplace_back(routes_in(module), std::move(found));
    }
  }
  // The app with the most routes beside it, then the least deep.
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    const auto depth = [](const WebApp& app) { return std::count(app.file.begin(), app.file.end(), '/'); };
    return std::make_pair(-a.first, depth(a.second)) < std::make_pair(-b.first, depth(b.second));
  });
  std::vector<WebApp> apps;
  apps.reserve(ranked.size());
  for (auto& [routes, app] : ranked) apps.push_back(std::move(app));
  return apps;
}

std::vector<PythonMutant> python_mutants(const std::string& path, const std::string& source,
                                         const PythonFunction& function, std::string& error) {
  const json request{
      {"mode", "mutants"}, {"path", path}, {"source", source}, {"function", function.name}, {"line", function.line}};
  const auto answer = run_reader(request, error);
  std::vector<PythonMutant> mutants;
  if (!answer || !answer->is_array()) return mutants;
  for (const auto& row : *answer) mutants.push_back({row.at(0).get<std::string>(), row.at(1).get<std::string>()});
  return mutants;
}

}  // namespace labkit
