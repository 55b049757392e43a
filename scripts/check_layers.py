#!/usr/bin/env python3
"""Fails when a source file includes a layer it may not depend on, or belongs
to no layer. The layers and what each may use are docs/architecture.md's
table; the include paths name the layer (<labs/engine/executor.hpp>,
runner/engine/executor.cpp), so the rule can be read off every #include."""
import pathlib
import re
import sys

# Each layer and the layers below it that it may include (besides itself).
ALLOWED = {
    "base": set(),
    "model": {"base"},
    "repo": {"base"},
    "formats": {"base", "repo"},
    "process": {"base", "repo"},
    "spec": {"base", "model"},
    "checks": {"base", "model", "repo", "formats", "process", "spec"},
    "engine": {"base", "model", "repo", "process", "spec"},
    "report": {"base", "model"},
    "grade": {"base", "model", "repo", "formats", "process", "spec", "engine", "report"},
    "commands": {"base", "model", "repo", "formats", "process", "spec", "engine", "report", "grade"},
    "main": {"commands"},
    "launcher": set(),
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](?:labs/)?([a-z_]+)/[^>"]+[>"]', re.M)


def layer_of(path: pathlib.Path, root: pathlib.Path) -> str | None:
    parts = path.relative_to(root).parts
    if parts[0] == "checks":
        return "checks"
    if parts[:2] == ("runner", "main.cpp"):
        return "main"
    if parts[0] == "runner" and len(parts) == 3:
        return parts[1]
    if parts[:2] == ("include", "labs") and len(parts) == 4:
        return parts[2]
    return None


def self_test() -> int:
    """The check must be able to fail: a tree with a reporter that includes
    the engine, a check that includes a command and a stray file."""
    import tempfile
    with tempfile.TemporaryDirectory() as temp:
        root = pathlib.Path(temp)
        files = {
            "runner/report/bad.cpp": "#include <labs/engine/executor.hpp>\n",
            "checks/bad.cpp": '#include "commands/commands.hpp"\n',
            "include/labs/model/bad.hpp": "#include <labs/checks/x.hpp>\n#include <labs/spec/loader.hpp>\n",
            "runner/stray.cpp": "",
            "runner/engine/good.cpp": "#include <labs/model/model.hpp>\n#include <yaml-cpp/yaml.h>\n",
        }
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        problems = find_problems(root)
    expected = ["runner/report/bad.cpp:1:", "checks/bad.cpp:1:", "include/labs/model/bad.hpp:1:",
                "include/labs/model/bad.hpp:2:", "runner/stray.cpp:"]
    missing = [e for e in expected if not any(p.startswith(e) for p in problems)]
    if missing or len(problems) != len(expected):
        print(f"self-test failed: expected problems at {expected}, found {problems}")
        return 1
    print("layers self-test: every planted problem was found")
    return 0


def find_problems(root: pathlib.Path) -> list[str]:
    problems = []
    sources = [p for folder in ("runner", "checks", "include/labs") for p in (root / folder).rglob("*")
               if p.suffix in (".cpp", ".hpp")]
    for path in sorted(sources):
        name = path.relative_to(root)
        layer = layer_of(path, root)
        if layer not in ALLOWED:
            problems.append(f"{name}: belongs to no layer (put it under runner/LAYER/ or include/labs/LAYER/)")
            continue
        text = path.read_text(encoding="utf-8")
        for match in INCLUDE.finditer(text):
            used = match.group(1)
            if used not in ALLOWED:
                continue  # a library's own folder, e.g. <boost/...>, <yaml-cpp/...>
            if used != layer and used not in ALLOWED[layer]:
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{name}:{line}: the {layer} layer may not include the {used} layer "
                                f"({match.group(0).strip()}); it may use: "
                                f"{', '.join(sorted(ALLOWED[layer])) or 'nothing of labs'}")
    return problems


def docs_problems(root: pathlib.Path) -> list[str]:
    """docs/architecture.md's table names exactly these layers, each once, and
    every layer folder of the tree is one of them."""
    docs = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z_]+)` \|", docs, re.M)
    problems = []
    if sorted(documented) != sorted(ALLOWED):
        problems.append(f"docs/architecture.md: its layer table names {sorted(documented)}, "
                        f"the rules here name {sorted(ALLOWED)}")
    folders = {p.name for p in (root / "runner").iterdir() if p.is_dir()}
    folders |= {p.name for p in (root / "include" / "labs").iterdir() if p.is_dir()}
    for folder in sorted(folders - set(ALLOWED)):
        problems.append(f"{folder}/: a folder that is no layer (docs/architecture.md lists them)")
    return problems


def main() -> int:
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = find_problems(root) + docs_problems(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layering problem(s); see docs/architecture.md", file=sys.stderr)
        return 1
    print("layers: every source file has a layer and every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
