// The `python` check: the habits of a Python project the roadmap asks for in
// week 1 — a virtualenv kept out of git, pinned requirements, a module that
// logs through `logging`, settings read from a YAML or JSON file. Modules are
// read by Python's parser (process/python_code.hpp): comments, docstrings and
// strings are not code.
#include <labs/model/check.hpp>
#include <labs/process/python_code.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/repo/repo_yaml.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <boost/regex.hpp>
#include <set>
#include <sstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSourceBytes = 2 << 20;

/// A learner's line as quoted in evidence: at most 120 characters.
std::string excerpt(const std::string& line) { return line.size() <= 120 ? line : line.substr(0, 117) + "..."; }

struct Finding {
  bool ok = false;
  std::string text;
  std::string path;
  int line = 0;
};

class PythonCheck final : public Check {
 public:
  bool virtualenv = false;
  std::string pinned;  ///< a requirements file whose every requirement must be pinned
  bool logging = false;
  bool config = false;
  std::string files = "**/*.py";

  std::string describe() const override {
    std::vector<std::string> parts;
    if (virtualenv) parts.push_back("a virtualenv, ignored by git");
    if (!pinned.empty()) parts.push_back(fmt::format("every requirement in {} pinned", pinned));
    if (logging) parts.push_back(fmt::format("a module of {} logs through logging", files));
    if (config) parts.push_back(fmt::format("a module of {} reads a YAML or JSON configuration", files));
    return fmt::format("{}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<Finding> findings;
    if (virtualenv) findings.push_back(judge_virtualenv(context));
    if (!pinned.empty()) findings.push_back(judge_pinned(context.root(), pinned));
    if (logging || config) {
      const PythonCode code = read_python_code(context.root(), own_files(context.repo, files));
      if (!code.error.empty()) return {Status::error, code.error};
      if (logging) findings.push_back(judge_logging(code));
      if (config) findings.push_back(judge_config(context, code));
    }
    std::vector<std::string> good, bad;
    const Finding* first_bad = nullptr;
    for (const auto& finding : findings) {
      (finding.ok ? good : bad).push_back(finding.text);
      if (!finding.ok && !first_bad) first_bad = &finding;
    }
    if (first_bad) return {Status::fail, fmt::format("{}", fmt::join(bad, "\n")), first_bad->path, first_bad->line};
    return {Status::pass, fmt::format("{}", fmt::join(good, "; "))};
  }

 private:
  static Finding judge_virtualenv(const CheckContext& context) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(context.root(), error)) {
      const std::string name = entry.path().filename().string();
      if (name == ".git" || entry.is_symlink(error) || !entry.is_directory(error)) continue;
      const auto cfg = read_repo_text(context.root(), name + "/pyvenv.cfg", kMaxSourceBytes);
      if (!cfg) continue;
      boost::smatch version;
      const bool has_version =
          boost::regex_search(*cfg, version, boost::regex(R"((?:^|\n)\s*version(?:_info)?\s*=\s*(\S+))"));
      const std::string label = has_version ? fmt::format("{} (Python {})", name, version[1].str()) : name;
      int ignored = 0;
      git_ignore_path_is_ignored(&ignored, context.repo.handle(), (name + "/").c_str());
      std::string problem;
      for (const auto& file : committed_files(context.repo, problem)) {
        if (file.path.rfind(name + "/", 0) == 0) {
          return {false,
                  fmt::format("virtualenv {} is committed: git rm -r --cached {} and add {}/ to .gitignore", name, name,
                              name),
                  ".gitignore"};
        }
      }
      if (!ignored)
        return {false, fmt::format("virtualenv {} is not ignored by git: add {}/ to .gitignore", name, name),
                ".gitignore"};
      return {true, fmt::format("virtualenv {}, ignored by git", label)};
    }
    return {false, "no virtualenv in the project (python3 -m venv .venv)"};
  }

  /// Every requirement of the file, and of the files it includes with -r.
  static Finding judge_pinned(const fs::path& root, const std::string& file, int depth = 0) {
    const auto text = read_repo_text(root, file, kMaxSourceBytes);
    if (!text) return {false, fmt::format("no {}", file), file};
    // name==1.2.3, or a compatible release down to the patch (~=1.2.3 allows
    // only 1.2.x); ~=1.2 allows every 1.x and is not a pin.
    static const boost::regex pinned_spec(R"(===?\s*[0-9A-Za-z*]|~=\s*\d+\.\d+\.\d+)");
    static const boost::regex direct(R"(\s@\s|^(git\+|https?://|\.{0,2}/)|\.whl$)");
    static const boost::regex include(R"(^(-r|--requirement)\s*=?\s*(\S+))");
    std::istringstream in(*text);
    int number = 0, requirements = 0;
    std::vector<std::string> loose;
    int first_loose = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      if (const auto hash = line.find(" #"); hash != std::string::npos) line.erase(hash);
      line.erase(0, line.find_first_not_of(" \t"));
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\\')) line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      boost::smatch nested;
      if (boost::regex_search(line, nested, include) && depth < 4) {
        const std::string folder = fs::path(file).parent_path().string();
        Finding inner =
            judge_pinned(root, folder.empty() ? nested[2].str() : folder + "/" + nested[2].str(), depth + 1);
        if (!inner.ok) return inner;
        ++requirements;
        continue;
      }
      if (line[0] == '-') continue;  // -e ., --index-url, -c constraints
      ++requirements;
      if (boost::regex_search(line, pinned_spec) || boost::regex_search(line, direct)) continue;
      if (!first_loose) first_loose = number;
      loose.push_back(fmt::format("{}:{}: {}", file, number, excerpt(line)));
    }
    if (!loose.empty()) {
      return {false, fmt::format("not pinned to a version (name==version):\n{}", fmt::join(loose, "\n")), file,
              first_loose};
    }
    if (requirements == 0) return {false, fmt::format("{} lists no requirement", file), file};
    return {true, fmt::format("{}: {} requirement(s), all pinned", file, requirements)};
  }

  static bool is_logging_module(const std::string& name) {
    return name == "logging" || name.starts_with("logging.") || name == "loguru" || name == "structlog";
  }

  /// A call that logs a message: a level method on something that is a
  /// logger by its name (logging.info, logging.getLogger().info, self.log.warning,
  /// a project's get_logger().info, loguru's logger.error).
  static bool logs_message(const std::string& call) {
    static const std::set<std::string> levels{"debug",     "info",     "warning", "warn",   "error",
                                              "exception", "critical", "log",     "success"};
    const auto dot = call.rfind('.');
    if (dot == std::string::npos || !levels.contains(call.substr(dot + 1))) return false;
    std::string receiver = call.substr(0, dot);
    for (auto& c : receiver) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return receiver.find("log") != std::string::npos;
  }

  static bool sets_up_logging(const std::string& call) {
    static const boost::regex setup(
        R"(^(logging\.(basicConfig|getLogger|config\.(dictConfig|fileConfig))|loguru\.logger\.(add|configure)|structlog\.(configure|get_logger))$)");
    return boost::regex_match(call, setup);
  }

  static Finding judge_logging(const PythonCode& code) {
    const PythonModule* importer = nullptr;
    std::string setup, used;
    int print_calls = 0;
    for (const auto& module : code.modules) {
      for (const auto& [name, line] : module.imports) {
        if (!importer && is_logging_module(name)) importer = &module;
        if (setup.empty() && (name == "loguru" || name == "structlog")) setup = fmt::format("{}:{}", module.path, line);
      }
      for (const auto& call : module.calls) {
        print_calls += call.name == "print";
        if (setup.empty() && sets_up_logging(call.name)) setup = fmt::format("{}:{}", module.path, call.line);
        if (used.empty() && logs_message(call.name)) used = fmt::format("{}:{}", module.path, call.line);
      }
    }
    if (importer && !setup.empty() && !used.empty())
      return {true, fmt::format("{} logs through logging (set up at {})", used, setup)};
    if (importer) {
      return {false,
              setup.empty()
                  ? fmt::format("{} imports logging but no module sets it up (logging.basicConfig, "
                                "logging.getLogger(__name__))",
                                importer->path)
                  : fmt::format("logging is set up at {} but no module logs a message (logger.info(...))", setup),
              importer->path};
    }
    return {false, print_calls ? fmt::format("no module uses logging; {} print() call(s) instead", print_calls)
                               : "no module uses logging (import logging; logger = logging.getLogger(__name__))"};
  }

  /// A call that reads settings from a file or stream (not from a literal:
  /// yaml.safe_load("lr: 0.1") reads nothing).
  static bool loads_config(const PythonCall& call) {
    static const boost::regex loads(
        R"(^(yaml\.(safe_load|load|full_load)|json\.loads?|omegaconf\.OmegaConf\.load|tomllib\.loads?|toml\.loads?|configparser\.ConfigParser\(\)\.read|hydra\.main|hydra\.compose)$)");
    return boost::regex_match(call.name, loads) && !call.literal_only;
  }

  /// The line of the module's first configuration read, 0 when none.
  static int config_read(const PythonModule& module) {
    for (const auto& call : module.calls) {
      if (loads_config(call)) return call.line;
    }
    for (const auto& function : module.functions) {
      for (const auto& decorator : function.decorators) {
        if (decorator.name == "hydra.main") return decorator.line;
      }
    }
    return 0;
  }

  /// A configuration file a module names, where it is: as written, beside
  /// the module, or (a path put together with os.path.join or Path) the
  /// learner's file of that name.
  static std::vector<std::string> config_candidates(const CheckContext& context, const PythonModule& module,
                                                    const std::string& config) {
    std::vector<std::string> candidates{config,
                                        (fs::path(module.path).parent_path() / config).lexically_normal().string()};
    for (const auto& file : own_files(context.repo, "**/" + fs::path(config).filename().string()))
      candidates.push_back(file);
    return candidates;
  }

  static Finding judge_config(const CheckContext& context, const PythonCode& code) {
    static const boost::regex named(R"(^[^\s"']+\.(ya?ml|json|toml)$)");
    for (const auto& module : code.modules) {
      const int line = config_read(module);
      if (!line) continue;
      // A file the module names must be there and parse; a name given at
      // run time (argparse, an environment variable) cannot be followed.
      std::string config;
      for (const auto& call : module.calls) {
        for (const auto& text : call.strings) {
          if (config.empty() && boost::regex_match(text, named)) config = text;
        }
      }
      if (config.empty()) return {true, fmt::format("{}:{} reads its configuration", module.path, line)};
      for (const auto& candidate : config_candidates(context, module, config)) {
        if (!path_shape_problem(candidate).empty()) continue;
        std::error_code error;
        if (candidate.ends_with(".toml") && !fs::is_regular_file(context.root() / candidate, error)) continue;
        // JSON is YAML too; TOML is only looked for.
        if (!candidate.ends_with(".toml")) {
          std::string problem;
          const auto parsed = read_repo_yaml(context.root(), candidate, problem);
          if (!problem.empty()) return {false, problem, candidate};
          if (!parsed) continue;
        }
        return {true, fmt::format("{}:{} reads {}", module.path, line, candidate)};
      }
      return {false, fmt::format("{}:{} reads {}, which is not in the repository", module.path, line, config),
              module.path, line};
    }
    return {false, "no module reads a configuration file (yaml.safe_load(open(\"config.yaml\")) or json.load(...))"};
  }
};

}  // namespace

std::unique_ptr<Check> parse_python_check(SpecMap& spec) {
  auto check = std::make_unique<PythonCheck>();
  check->virtualenv = spec.boolean("virtualenv").value_or(false);
  check->pinned = spec.one_path("pinned").value_or("");
  check->logging = spec.boolean("logging").value_or(false);
  check->config = spec.boolean("config").value_or(false);
  check->files = spec.string("files").value_or("**/*.py");
  if (auto problem = path_shape_problem(check->pinned); !check->pinned.empty() && !problem.empty())
    spec.error("pinned", problem);
  if (auto problem = path_shape_problem(check->files); !problem.empty()) spec.error("files", problem);
  if (!check->virtualenv && check->pinned.empty() && !check->logging && !check->config) {
    spec.error("virtualenv", "a python check needs at least one of virtualenv, pinned, logging, config");
  }
  return check;
}

}  // namespace labkit
