#pragma once
// The learner's Python read as code: Python's own `ast` parses each module
// (labs' fixed script under `python3 -I`; the learner's code is never
// imported or run), so comments, docstrings and strings never count as
// imports, calls or tests. Names are resolved through imports and simple
// assignments: after `import mlflow as ml`, `ml.log_metric(...)` is the call
// `mlflow.log_metric`; after `log = logging.getLogger()`, `log.info(...)` is
// `logging.getLogger().info`.

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace labkit {

struct PythonCall {
  std::string name;  ///< resolved dotted name; a call's result is written with "()"
  int line = 0;
  std::vector<std::string> strings;  ///< string constants passed to it (the first 8)
  std::vector<std::string> methods;  ///< a `methods=[...]` list, upper-case
  bool literal_only = false;         ///< every argument is a literal (yaml.safe_load("a: 1"))
  /// Keyword arguments: a string's text, else the value's source (`None`, `timedelta(days=1)`).
  std::map<std::string, std::string> keywords;
  /// What each argument names, resolved like `name` ("extract()" for a
  /// variable holding extract()'s result); "" for a literal or an expression.
  std::vector<std::string> arguments;
};

struct PythonFunction {
  std::string name;
  std::string owner;  ///< the class it is defined in, "" at module level
  int line = 0;       ///< of the `def`
  int end = 0;
  std::vector<PythonCall> decorators;
  bool test = false;     ///< a test function: test* in a test module or a test class
  bool skipped = false;  ///< a test skipped unconditionally (@pytest.mark.skip)
  /// In a test: asserts that can fail (not `assert 1 == 1`), self.assert*,
  /// pytest.raises, raise AssertionError, calls of a helper that asserts;
  /// never in dead code (after return, under `if False:`).
  int checks = 0;
  bool stub = false;           ///< a body of only a docstring, `pass` and `...`
  bool returns_value = false;  ///< returns something other than None, or yields
  int params = 0;
};

/// A web application object made at module level (`app = FastAPI()`).
struct PythonApp {
  std::string variable;   ///< "app": the module path and this name make uvicorn's target
  std::string framework;  ///< "fastapi", "flask", "starlette"
  int line = 0;
};

struct PythonModule {
  std::string path;   ///< repo-relative
  std::string error;  ///< a syntax error, with error_line; then nothing else is known
  int error_line = 0;
  std::vector<std::pair<std::string, int>> imports;  ///< module and line; `from a import b` is module a
  std::vector<PythonCall> calls;
  std::vector<PythonFunction> functions;        ///< at module level and in classes
  std::vector<PythonFunction> inner_functions;  ///< inside functions: only name, line and decorators
  std::vector<PythonApp> apps;
  std::vector<std::string> prefixes;  ///< `prefix=` / `url_prefix=` strings (routers, blueprints)
  std::vector<int> shift_lines;       ///< lines of `a >> b` / `a << b` between non-numbers (Airflow chains)
};

struct PythonCode {
  std::vector<PythonModule> modules;
  std::string error;  ///< the reader itself could not run (no python3); modules are then empty
};

/// Whether a dotted name (`mlflow.log_metric`, `predict`) matches a pattern
/// of `|`-separated alternatives, each a name or a glob (`mlflow.log_metric*`).
bool dotted_name_matches(const std::string& pattern, const std::string& name);

/// Whether a decorator registers an HTTP route (`@app.post(...)`,
/// `@router.get(...)`, Flask's `@app.route(...)`).
bool is_route_decorator(const PythonCall& decorator);

/// Whether a module belongs to the test suite rather than the code under
/// test: under a tests/ folder, test_*.py, *_test.py, tests.py or conftest.py.
bool is_test_file(const std::string& path);

/// Reads the files (repo-relative, from the learner's own files) under
/// `root`. Results are kept per file content for the life of the process,
/// so steps and re-runs on unchanged files do not parse again.
PythonCode read_python_code(const std::filesystem::path& root, const std::vector<std::string>& paths);

class Repo;

/// A web application of the learner's, found by reading their modules.
struct WebApp {
  std::string file;         ///< "src/wine/api.py"
  std::string variable;     ///< "app"
  std::string framework;    ///< "fastapi", "flask", "starlette"
  std::string module;       ///< "wine.api": importable with source_root on the path
  std::string source_root;  ///< "src" for a src layout, "" for the repository's root
  int line = 0;
  /// uvicorn's target, "wine.api:app".
  std::string target() const { return module + ":" + variable; }
  /// uvicorn's --interface: Flask is WSGI.
  std::string interface() const { return framework == "flask" ? "wsgi" : "asgi3"; }
};

/// Module-level FastAPI, Flask and Starlette objects of the learner's own
/// modules (tests and conftest.py left out), also made by a factory
/// (`app = create_app()`): the one with the most routes in its module first,
/// then the least deep. `error` when Python's parser could not run;
/// `unreadable` gets "file:line: message" for modules it could not parse.
std::vector<WebApp> find_web_apps(const Repo& repo, std::string& error, std::vector<std::string>& unreadable);

/// One broken version of a function: its body replaced by `raise`, a
/// constant return or its first argument returned (only the returns that
/// change what a value-returning function gives).
struct PythonMutant {
  std::string label;   ///< "raises", "returns None", "returns its input x"
  std::string source;  ///< the whole module with that body
};

/// The mutants of `function` in the module `path` whose text is `source`;
/// empty with `error` set when the reader failed.
std::vector<PythonMutant> python_mutants(const std::string& path, const std::string& source,
                                         const PythonFunction& function, std::string& error);

}  // namespace labkit
