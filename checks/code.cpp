// The `code` check: what the learner's Python does, read as code by Python's
// own parser (process/python_code.hpp) — the modules it imports, the calls it
// makes, its routes and decorators, and test functions that check something.
// A mention in a comment, a docstring or a string never counts.
#include <labs/model/check.hpp>
#include <labs/process/python_code.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>

namespace labkit {

namespace {

/// "/items/{item_id}" and "/items/<int:item_id>" both as "/items/{}".
std::string route_shape(const std::string& path) {
  std::string shape;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char open = path[i];
    const char close = open == '{' ? '}' : open == '<' ? '>' : 0;
    const std::size_t end = close ? path.find(close, i) : std::string::npos;
    if (end == std::string::npos) {
      shape += open;
      continue;
    }
    shape += "{}";
    i = end;
  }
  while (shape.size() > 1 && shape.back() == '/') shape.pop_back();
  return shape;
}

/// A place in the learner's code, as evidence cites it.
std::string place(const PythonModule& module, int line) { return fmt::format("{}:{}", module.path, line); }

struct Found {
  std::string where;  ///< "" when not found
  std::string path;
  int line = 0;
};

Found find_import(const PythonCode& code, const std::string& pattern) {
  for (const auto& module : code.modules) {
    for (const auto& [name, line] : module.imports) {
      // `sklearn` is imported by `import sklearn.linear_model` too.
      for (std::string prefix = name;; prefix = prefix.substr(0, prefix.rfind('.'))) {
        if (dotted_name_matches(pattern, prefix)) return {place(module, line), module.path, line};
        if (prefix.find('.') == std::string::npos) break;
      }
    }
  }
  return {};
}

Found find_call(const PythonCode& code, const std::string& pattern) {
  for (const auto& module : code.modules) {
    for (const auto& call : module.calls) {
      if (dotted_name_matches(pattern, call.name)) return {place(module, call.line), module.path, call.line};
    }
  }
  return {};
}

Found find_decorator(const PythonCode& code, const std::string& pattern) {
  for (const auto& module : code.modules) {
    for (const auto& function : module.functions) {
      for (const auto& decorator : function.decorators) {
        if (dotted_name_matches(pattern, decorator.name))
          return {fmt::format("{} on {}", place(module, decorator.line), function.name), module.path, decorator.line};
      }
    }
  }
  return {};
}

/// The methods a route registration serves: its verb (`@app.post`), else
/// its `methods=` list, else GET (Flask's route, FastAPI's api_route and
/// add_api_route); empty when the call registers no route.
std::vector<std::string> served_methods(const PythonCall& call) {
  static const std::vector<std::string> verbs{"get", "post", "put", "patch", "delete", "head", "options"};
  static const std::vector<std::string> registrations{"route", "api_route", "add_url_rule", "add_api_route"};
  const std::string verb = call.name.substr(call.name.rfind('.') + 1);
  if (std::find(verbs.begin(), verbs.end(), verb) != verbs.end()) {
    std::string upper = verb;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return {upper};
  }
  if (std::find(registrations.begin(), registrations.end(), verb) == registrations.end()) return {};
  return call.methods.empty() ? std::vector<std::string>{"GET"} : call.methods;
}

/// Whether a registration serves `method path`; a router's or blueprint's
/// prefix (any `prefix=`/`url_prefix=` of the project, or two of them) may
/// come before its path, and a lab's path may be the end of a longer one
/// (`/api/v1/predict` serves `/predict`).
bool serves(const PythonCall& call, const std::string& method, const std::string& path,
            const std::vector<std::string>& prefixes) {
  const auto methods = served_methods(call);
  if (methods.empty() || call.strings.empty()) return false;
  if (method != "*" && std::find(methods.begin(), methods.end(), method) == methods.end()) return false;
  const std::string wanted = route_shape(path);
  const auto matches = [&](const std::string& served) {
    const std::string shape = route_shape(served);
    // Both begin with '/', so a match at the end is a whole segment.
    return shape == wanted || (wanted != "/" && shape.ends_with(wanted));
  };
  if (matches(call.strings.front())) return true;
  for (const auto& outer : prefixes) {
    if (matches(outer + call.strings.front())) return true;
    for (const auto& inner : prefixes) {
      if (matches(outer + inner + call.strings.front())) return true;
    }
  }
  return false;
}

Found find_route(const PythonCode& code, const std::string& route) {
  const auto space = route.find(' ');
  const std::string method = route.substr(0, space);
  const std::string path = route.substr(space + 1);
  std::vector<std::string> prefixes;
  for (const auto& module : code.modules)
    prefixes.insert(prefixes.end(), module.prefixes.begin(), module.prefixes.end());
  for (const auto& module : code.modules) {
    for (const auto& function : module.functions) {
      for (const auto& decorator : function.decorators) {
        if (serves(decorator, method, path, prefixes))
          return {fmt::format("{} ({})", place(module, decorator.line), function.name), module.path, decorator.line};
      }
    }
    // Registration calls (app.add_url_rule, app.add_api_route); a client's
    // requests.post("/predict") is a call too, but registers nothing.
    for (const auto& call : module.calls) {
      const std::string verb = call.name.substr(call.name.rfind('.') + 1);
      if ((verb == "add_url_rule" || verb == "add_api_route") && serves(call, method, path, prefixes))
        return {place(module, call.line), module.path, call.line};
    }
  }
  return {};
}

class CodeCheck final : public Check {
 public:
  std::string files = "**/*.py";
  std::vector<std::string> imports;
  std::vector<std::string> calls;
  std::vector<std::string> decorators;
  std::vector<std::string> routes;  ///< "POST /predict"
  std::optional<CountRange> tests;

  std::string describe() const override {
    std::vector<std::string> parts;
    if (!imports.empty()) parts.push_back(fmt::format("imports {}", fmt::join(imports, ", ")));
    if (!calls.empty()) parts.push_back(fmt::format("calls {}", fmt::join(calls, ", ")));
    if (!decorators.empty()) parts.push_back(fmt::format("decorated with {}", fmt::join(decorators, ", ")));
    if (!routes.empty()) parts.push_back(fmt::format("serves {}", fmt::join(routes, ", ")));
    if (tests) parts.push_back(fmt::format("{} test function(s) that check something", tests->describe()));
    return fmt::format("the Python code of {}: {}", files, fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    const auto sources = own_files(context.repo, files);
    if (sources.empty()) return {Status::fail, fmt::format("no Python file of yours matches {}", files)};
    const PythonCode code = read_python_code(context.root(), sources);
    if (!code.error.empty()) return {Status::error, code.error};
    std::vector<std::string> good, bad;
    Found first_bad;
    const auto judge = [&](const std::string& what, const Found& found, const std::string& missing) {
      if (!found.where.empty()) {
        good.push_back(fmt::format("{} at {}", what, found.where));
      } else {
        bad.push_back(missing);
        if (first_bad.where.empty()) first_bad.where = missing;
      }
    };
    for (const auto& name : imports) judge("imports " + name, find_import(code, name), "no module imports " + name);
    for (const auto& name : calls) judge(name + " called", find_call(code, name), "no code calls " + name);
    for (const auto& name : decorators)
      judge("@" + name, find_decorator(code, name), "no function is decorated with @" + name);
    for (const auto& route : routes)
      judge(route + " served", find_route(code, route), "no route serves " + route + " (FastAPI or Flask)");
    if (tests) judge_tests(code, good, bad);
    const std::string unread = syntax_errors(code);
    if (!bad.empty()) {
      std::string evidence = fmt::format("{}", fmt::join(bad, "\n"));
      if (!unread.empty()) evidence += "\n" + unread;
      evidence += "\n(comments, docstrings and strings are not code: only what Python would run counts)";
      return {Status::fail, evidence, first_bad.path, first_bad.line};
    }
    return {Status::pass, fmt::format("{}", fmt::join(good, "; "))};
  }

 private:
  void judge_tests(const PythonCode& code, std::vector<std::string>& good, std::vector<std::string>& bad) const {
    int checking = 0, empty = 0, skipped = 0;
    std::string first_empty;
    for (const auto& module : code.modules) {
      for (const auto& function : module.functions) {
        if (!function.test) continue;
        if (function.skipped) {
          ++skipped;
        } else if (function.checks > 0) {
          ++checking;
        } else if (empty++ == 0) {
          first_empty = fmt::format("{} ({})", place(module, function.line), function.name);
        }
      }
    }
    if (tests->contains(checking)) {
      good.push_back(fmt::format("{} test function(s) that check something", checking));
      return;
    }
    std::string text = fmt::format("{} test function(s) check something, need {}", checking, tests->describe());
    if (empty) text += fmt::format("; {} test(s) check nothing that can fail, the first at {}", empty, first_empty);
    if (skipped) text += fmt::format("; {} test(s) always skipped", skipped);
    bad.push_back(text);
  }

  static std::string syntax_errors(const PythonCode& code) {
    std::vector<std::string> errors;
    for (const auto& module : code.modules) {
      if (!module.error.empty())
        errors.push_back(fmt::format("{} was not read: {} (line {})", module.path, module.error, module.error_line));
    }
    return fmt::format("{}", fmt::join(errors, "\n"));
  }
};

/// Every route as "METHOD /path"; a problem for the first that is not.
std::string route_problem(const std::vector<std::string>& routes) {
  static const std::vector<std::string> methods{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"};
  for (const auto& route : routes) {
    const auto space = route.find(' ');
    const bool known = space != std::string::npos &&
                       std::find(methods.begin(), methods.end(), route.substr(0, space)) != methods.end();
    if (!known || route.size() <= space + 1 || route[space + 1] != '/')
      return fmt::format("'{}' is not METHOD /path (e.g. \"POST /predict\")", route);
  }
  return "";
}

}  // namespace

std::unique_ptr<Check> parse_code_check(SpecMap& spec) {
  auto check = std::make_unique<CodeCheck>();
  check->files = spec.string("files").value_or("**/*.py");
  if (auto problem = path_shape_problem(check->files); !problem.empty()) spec.error("files", problem);
  check->imports = spec.string_list("imports").value_or(std::vector<std::string>{});
  check->calls = spec.string_list("calls").value_or(std::vector<std::string>{});
  check->decorators = spec.string_list("decorators").value_or(std::vector<std::string>{});
  check->routes = spec.string_list("routes").value_or(std::vector<std::string>{});
  if (auto problem = route_problem(check->routes); !problem.empty()) spec.error("routes", problem);
  if (spec.has("tests")) check->tests = read_count_range(spec.node("tests"), "tests", spec.file(), spec.diagnostics());
  if (check->imports.empty() && check->calls.empty() && check->decorators.empty() && check->routes.empty() &&
      !spec.has("tests")) {
    spec.error("imports", "a code check needs at least one of imports, calls, decorators, routes, tests");
  }
  return check;
}

}  // namespace labkit
