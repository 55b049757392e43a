// The Python program behind python_code.hpp. It is labs' own, run with
// `python3 -I` on the learner's sources given as data: it parses them with
// `ast` and never imports or executes them.
#include "python_code_script.hpp"

namespace labkit {

const char* const kPythonCodeScript = R"PY(
import ast, builtins, json, sys

APP_CLASSES = {"FastAPI", "Flask", "Starlette"}
BUILTINS = set(dir(builtins))
PREFIX_KEYWORDS = {"prefix", "url_prefix"}

def strings_of(call):
    found = []
    for arg in list(call.args) + [k.value for k in call.keywords]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append(arg.value[:200])
    return found[:8]

def methods_of(call):
    """The methods= list of a route registration, upper-case; [] when none."""
    for keyword in call.keywords:
        if keyword.arg == "methods" and isinstance(keyword.value, (ast.List, ast.Tuple, ast.Set)):
            return [e.value.upper() for e in keyword.value.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []

def literal_only(call):
    """Whether every argument is a literal: yaml.safe_load("a: 1") reads no file."""
    args = list(call.args) + [k.value for k in call.keywords]
    return bool(args) and all(isinstance(a, (ast.Constant, ast.JoinedStr)) for a in args)

def is_false(test):
    return isinstance(test, ast.Constant) and not test.value

def live(body):
    """Statements that can run: none after a return or raise of the same
    block, and not the body of `if False:` (its else runs instead)."""
    for node in body:
        yield node
        if isinstance(node, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
            return

def walk_live(node, into_functions=True):
    """ast.walk without dead code; nested functions and lambdas only when asked."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for name, value in ast.iter_fields(current):
            if isinstance(current, ast.If) and is_false(current.test) and name == "body":
                continue
            if isinstance(value, list):
                children = list(live(value)) if value and isinstance(value[0], ast.stmt) else value
            else:
                children = [value]
            for child in reversed(children):
                if not isinstance(child, ast.AST):
                    continue
                if not into_functions and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    continue
                stack.append(child)

class Names:
    """Dotted names as the module means them: aliases of imports followed,
    and a name bound to a call's result written as that call with ()."""
    def __init__(self, tree):
        self.aliases = {}
        self.imports = []
        self.star = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    self.imports.append([a.name, node.lineno])
                    self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                self.imports.append([base or ".", node.lineno])
                for a in node.names:
                    if a.name == "*":
                        self.star.append(base)
                        continue
                    full = base + ("." if base and not base.endswith(".") else "") + a.name
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
        # A module's own def or class of an imported name replaces it.
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.aliases.pop(node.name, None)
                self.aliases[node.name] = node.name

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
            if node.id in self.aliases:
                return self.aliases[node.id]
            if len(self.star) == 1 and node.id not in BUILTINS:
                return self.star[0] + "." + node.id
            return node.id
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

def names_in(node):
    return any(isinstance(n, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)) for n in ast.walk(node))

def asserts_something(test):
    """assert 1 == 1, assert x == x, assert (a, b) and assert not False check nothing."""
    if isinstance(test, ast.Tuple) and test.elts:
        return False
    if not names_in(test):
        return False
    if isinstance(test, ast.Compare) and len(test.comparators) == 1:
        if ast.dump(test.left) == ast.dump(test.comparators[0]):
            return False
    return True

CHECK_CALLS = ("raises", "fail", "warns")

def checks_in(function, names, checking_helpers):
    count = 0
    for node in walk_live(function, into_functions=False):
        if node is function:
            continue
        if isinstance(node, ast.Assert):
            count += asserts_something(node.test)
        elif isinstance(node, ast.Raise) and node.exc is not None:
            raised = names.dotted(node.exc.func if isinstance(node.exc, ast.Call) else node.exc) or ""
            count += raised.endswith("AssertionError")
        elif isinstance(node, ast.Call):
            name = names.dotted(node.func) or ""
            last = name.rsplit(".", 1)[-1].rstrip("()")
            if last.startswith("assert") or last in CHECK_CALLS or name in checking_helpers:
                count += 1
    return count

def skipped(function, names):
    """An unconditional skip: @pytest.mark.skip, @unittest.skip."""
    for d in function.decorator_list:
        name = names.dotted(d.func if isinstance(d, ast.Call) else d) or ""
        if name.endswith("mark.skip") or name == "unittest.skip":
            return True
    return False

def returns_value(function):
    for node in walk_live(function, into_functions=False):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                return True
    return False

def is_stub(function):
    """A body of only a docstring, pass and `...`."""
    for node in function.body:
        if isinstance(node, ast.Pass):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        return False
    return True

def defined(body):
    """Functions and classes of a block, also under module-level if, try and with."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node
        elif isinstance(node, ast.If) and not is_false(node.test):
            yield from defined(node.body)
            yield from defined(node.orelse)
        elif isinstance(node, ast.If):
            yield from defined(node.orelse)
        elif isinstance(node, ast.Try):
            for block in [node.body, node.orelse, node.finalbody] + [h.body for h in node.handlers]:
                yield from defined(block)
        elif isinstance(node, ast.With):
            yield from defined(node.body)

def keyword_text(value):
    """A keyword argument's value as written: a string's text, else the source (80 characters)."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value[:80]
    return ast.unparse(value)[:80]

def call_row(node, names):
    name = names.dotted(node.func)
    if not name:
        return None
    keywords = {k.arg: keyword_text(k.value) for k in node.keywords if k.arg}
    arguments = [names.dotted(a) or "" for a in list(node.args) + [k.value for k in node.keywords]][:8]
    return [name, node.lineno, strings_of(node), methods_of(node), literal_only(node), keywords, arguments]

def decorator_row(decorator, names):
    if isinstance(decorator, ast.Call):
        return call_row(decorator, names) or ["", decorator.lineno, [], [], False, {}, []]
    return [names.dotted(decorator) or "", decorator.lineno, [], [], False, {}, []]

def is_number(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float))

def shift_lines(tree):
    """Lines of `a >> b` and `a << b` between things that are not numbers: how
    Airflow tasks are chained (a bit shift of numbers is arithmetic)."""
    return sorted({node.lineno for node in walk_live(tree)
                   if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.RShift, ast.LShift))
                   and not is_number(node.left) and not is_number(node.right)})[:50]

def facts(path, source):
    tree = ast.parse(source.lstrip("\ufeff"), path)
    names = Names(tree)
    calls, functions, prefixes = [], [], []
    for node in walk_live(tree):
        if isinstance(node, ast.Call):
            row = call_row(node, names)
            if row:
                calls.append(row)
            for keyword in node.keywords:
                if keyword.arg in PREFIX_KEYWORDS and isinstance(keyword.value, ast.Constant) \
                        and isinstance(keyword.value.value, str):
                    prefixes.append(keyword.value.value)
    test_module = is_test_module(path)
    helpers = set()
    for node in defined(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("test"):
            if checks_in(node, names, set()):
                helpers.add(node.name)
    def visit(body, owner, in_test_class):
        for node in defined(body):
            if isinstance(node, ast.ClassDef):
                bases = [names.dotted(b) or "" for b in node.bases]
                test_class = node.name.startswith("Test") or any(b.endswith("TestCase") for b in bases)
                visit(node.body, node.name, test_class)
                continue
            decorators = [decorator_row(d, names) for d in node.decorator_list]
            test = node.name.startswith("test") and (test_module or in_test_class)
            args = node.args
            functions.append({
                "name": node.name, "owner": owner or "", "line": node.lineno,
                "end": node.end_lineno or node.lineno, "decorators": decorators,
                "test": test, "skipped": test and skipped(node, names),
                "checks": checks_in(node, names, helpers) if test else 0,
                "returns_value": returns_value(node), "stub": is_stub(node),
                "params": len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)})
    visit(tree.body, None, False)
    # Functions inside functions (the @task functions of a @dag) are only named, with their decorators.
    nested = []
    for outer in ast.walk(tree):
        if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in defined(outer.body):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    nested.append([node.name, node.lineno, [decorator_row(d, names) for d in node.decorator_list]])
    apps = []
    def framework_of(call):
        made = names.dotted(call.func) or ""
        if made.split(".")[0] in ("fastapi", "flask", "starlette") and made.rsplit(".", 1)[-1] in APP_CLASSES:
            return made.split(".")[0]
        return None
    # An application factory: a module-level function that makes the app.
    factories = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and framework_of(inner):
                    factories[node.name] = framework_of(inner)
                    break
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if not isinstance(value, ast.Call):
            continue
        framework = framework_of(value)
        if not framework and isinstance(value.func, ast.Name):
            framework = factories.get(value.func.id)
        if framework:
            for target in targets:
                if isinstance(target, ast.Name):
                    apps.append([target.id, framework, node.lineno])
    return {"imports": names.imports, "calls": calls, "functions": functions, "apps": apps,
            "prefixes": sorted(set(prefixes))[:50], "shifts": shift_lines(tree), "inner": nested[:200]}

def mutants(source, path, name, line):
    """The function's body replaced, each way that keeps the file valid."""
    source = source.lstrip("\ufeff")
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
            except Exception as error:  # one unreadable module must not hide the others
                out[path] = {"error": "labs could not read it (" + type(error).__name__ + ")", "line": 0}
    json.dump(out, sys.stdout)

main()
)PY";

}  // namespace labkit
