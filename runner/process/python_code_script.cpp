// The Python program behind python_code.hpp. It is labs' own, run with
// `python3 -I` on the learner's sources given as data: it parses them with
// `ast` and never imports or executes them.
#include "python_code_script.hpp"

namespace labkit {

const char* const kPythonCodeScript = R"PY(
import ast, json, sys

LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}

def strings_of(call):
    found = []
    for arg in list(call.args) + [k.value for k in call.keywords]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append(arg.value[:200])
    return found[:8]

class Names:
    """Dotted names as the module means them: aliases of imports followed,
    and a name bound to a call's result written as that call with ()."""
    def __init__(self, tree):
        self.aliases = {}
        self.imports = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    self.imports.append([a.name, node.lineno])
                    self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                for a in node.names:
                    full = base + ("." if base and not base.endswith(".") else "") + a.name
                    self.imports.append([base or ".", node.lineno])
                    self.aliases[a.asname or a.name] = full
        for _ in range(2):
            for node in ast.walk(tree):
                targets, value = [], None
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                    targets, value = [node.target], node.value
                elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                    targets, value = [node.optional_vars], node.context_expr
                meaning = self.dotted(value) if value is not None else None
                if not meaning:
                    continue
                for target in targets:
                    key = self.written(target)
                    if key and key != meaning and not meaning.startswith(key + "."):
                        self.aliases[key] = meaning

    def written(self, node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            inner = self.written(node.value)
            return inner + "." + node.attr if inner else None
        return None

    def dotted(self, node, depth=0):
        if depth > 40:
            return None
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            key = self.written(node)
            if key in self.aliases:
                return self.aliases[key]
            inner = self.dotted(node.value, depth + 1)
            return inner + "." + node.attr if inner else None
        if isinstance(node, ast.Call):
            inner = self.dotted(node.func, depth + 1)
            return inner + "()" if inner else None
        return None

def is_test_module(path):
    name = path.rsplit("/", 1)[-1]
    return name.startswith("test") or name.endswith("_test.py") or name == "tests.py"

def checks_in(function, names):
    count = 0
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            if not (isinstance(node.test, ast.Constant) and node.test.value):
                count += 1
        elif isinstance(node, ast.Call):
            name = names.dotted(node.func) or ""
            last = name.rsplit(".", 1)[-1]
            if last.startswith("assert") or last in ("raises", "fail", "approx") or last.startswith("assert_"):
                count += 1
    return count

def returns_value(function):
    for node in ast.walk(function):
        if isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                return True
    return False

def facts(path, source):
    tree = ast.parse(source, path)
    names = Names(tree)
    calls, functions = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = names.dotted(node.func)
            if name:
                calls.append([name, node.lineno, strings_of(node)])
    test_module = is_test_module(path)
    def visit(body, owner, in_test_class):
        for node in body:
            if isinstance(node, ast.ClassDef):
                bases = [names.dotted(b) or "" for b in node.bases]
                test_class = node.name.startswith("Test") or any(b.endswith("TestCase") for b in bases)
                visit(node.body, node.name, test_class)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                decorators = []
                for d in node.decorator_list:
                    target = d.func if isinstance(d, ast.Call) else d
                    decorators.append([names.dotted(target) or "", d.lineno, strings_of(d) if isinstance(d, ast.Call) else []])
                test = node.name.startswith("test") and (test_module or in_test_class)
                args = node.args
                functions.append({
                    "name": node.name, "owner": owner or "", "line": node.lineno,
                    "end": node.end_lineno or node.lineno, "decorators": decorators,
                    "test": test, "checks": checks_in(node, names) if test else 0,
                    "returns_value": returns_value(node),
                    "params": len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)})
    visit(tree.body, None, False)
    return {"imports": names.imports, "calls": calls, "functions": functions}

def mutants(source, path, name, line):
    """The function's body replaced, each way that keeps the file valid."""
    tree = ast.parse(source, path)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name and node.lineno == line:
            break
    else:
        return []
    lines = source.splitlines(keepends=True)
    body = node.body
    if (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str) and len(body) > 1):
        body = body[1:]
    first, last = body[0], body[-1]
    head = "".join(lines[:first.lineno - 1]) + lines[first.lineno - 1][:first.col_offset]
    tail = lines[last.end_lineno - 1][last.end_col_offset:] + "".join(lines[last.end_lineno:])
    params = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
    kinds = [["raises", "raise RuntimeError('broken by labs')"]]
    if returns_value(node):
        kinds.append(["returns None", "return None"])
        kinds.append(["returns 0", "return 0"])
        if params:
            kinds.append(["returns its input " + params[0], "return " + params[0]])
    result = []
    for label, statement in kinds:
        text = head + statement + tail
        try:
            ast.parse(text, path)
        except SyntaxError:
            continue
        result.append([label, text])
    return result

def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    sys.setrecursionlimit(3000)
    if request["mode"] == "mutants":
        out = mutants(request["source"], request["path"], request["function"], request["line"])
    else:
        out = {}
        for path, source in request["files"].items():
            try:
                out[path] = facts(path, source)
            except SyntaxError as error:
                out[path] = {"error": str(error.msg), "line": error.lineno or 0}
            except (RecursionError, MemoryError, ValueError) as error:
                out[path] = {"error": "too deeply nested to read (" + type(error).__name__ + ")", "line": 0}
    json.dump(out, sys.stdout)

main()
)PY";

}  // namespace labkit
