#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

struct Project {
  TempDir temp;
  TempDir outside;
  TestRepo repo{temp.path()};
  Project() {
    repo.write(".gitignore", ".venv/\n");
    repo.write("notes.md", "# Notes\n\nline one\n\nline two\nsee https://a.example and https://b.example\n");
    repo.write("src/train.py", "import logging\nlogger = logging.getLogger(__name__)\n");
    repo.write("src/util.py", "def f():\n    return 1\n");
    repo.write("params.yaml", "train:\n  lr: 0.01\n  layers: [8, 4]\n");
    repo.write("config.json", R"({"train": {"lr": 0.01}, "stages": [{"name": "prep"}]})");
    repo.write(".venv/lib/site.py", "import logging\n");
    repo.commit("Start");
  }
  const std::filesystem::path& dir() const { return temp.path(); }
};

}  // namespace

TEST_CASE("file exists by path or glob, with counts", "[file]") {
  Project p;
  CHECK(run_step("file: {path: notes.md}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: missing.md}", p.dir()).evidence == "'missing.md' not found");
  CHECK(run_step("file: {glob: 'src/*.py'}", p.dir()).evidence == "2 file(s) match 'src/*.py'");
  CHECK(run_step("file: {glob: 'src/*.py', count: {min: 3}}", p.dir()).evidence ==
        "2 file(s) match 'src/*.py', need at least 3");
  CHECK(run_step("file: {glob: '**/*.py', count: {max: 2}}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: secrets.txt, exists: false}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: notes.md, exists: false}", p.dir()).status == Status::fail);
}

TEST_CASE("file globs leave git-ignored files out unless asked", "[file]") {
  Project p;
  CHECK(run_step("file: {glob: '.venv/**/*.py'}", p.dir()).status == Status::fail);
  CHECK(run_step("file: {glob: '.venv/**/*.py', include_ignored: true}", p.dir()).status == Status::pass);
}

TEST_CASE("file contains is literal, matches is a regex", "[file]") {
  Project p;
  CHECK(run_step("file: {path: notes.md, contains: ['# Notes', 'line two']}", p.dir()).status == Status::pass);
  // Regex characters in `contains` are plain text.
  CHECK(run_step("file: {path: notes.md, contains: ['line.one']}", p.dir()).evidence ==
        "notes.md does not contain 'line.one'");
  CHECK(run_step("file: {path: notes.md, matches: ['line.one']}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: notes.md, matches: ['^line two$']}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: notes.md, matches: [{regex: 'https?://', min: 2}]}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: notes.md, matches: [{regex: 'https?://', min: 3}]}", p.dir()).evidence ==
        "notes.md has 2 match(es) for /https?:///, need at least 3");
  const auto unwanted = run_step("file: {path: notes.md, not_contains: ['line two']}", p.dir());
  CHECK(unwanted.evidence == "notes.md:5 contains 'line two', which it should not");
  CHECK(unwanted.line == 5);
  CHECK(run_step("file: {path: notes.md, not_matches: ['^TODO']}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: notes.md, not_matches: ['^line \\w+$']}", p.dir()).evidence ==
        "notes.md:3 matches /^line \\w+$/, which it should not");
}

TEST_CASE("file matches with (?i) ignores the case of Russian letters too", "[file]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("notes/day1.md", "# Заметки\n\n## Жизненный Цикл ML-проекта\n\nДанные, ОБУЧЕНИЕ.\n");
  CHECK(run_step("file: {path: notes/day1.md, matches: ['(?i)^#+.*жизненн', '(?i)обучение', '(?i)^#+.*цикл']}",
                 temp.path())
            .status == Status::pass);
  // Without (?i) case still matters, and a class keeps its meaning.
  CHECK(run_step("file: {path: notes/day1.md, matches: ['обучение']}", temp.path()).status == Status::fail);
  CHECK(run_step("file: {path: notes/day1.md, matches: ['(?i)^#+ [a-z]']}", temp.path()).status == Status::fail);
  CHECK(run_step("file: {path: notes/day1.md, matches: ['(?i)мониторинг']}", temp.path()).status == Status::fail);
}

TEST_CASE("file content rules over a glob need one qualifying file", "[file]") {
  Project p;
  CHECK(run_step("file: {glob: 'src/*.py', contains: ['getLogger']}", p.dir()).evidence ==
        "src/train.py has what is asked");
  CHECK_THAT(run_step("file: {glob: 'src/*.py', contains: ['basicConfig']}", p.dir()).evidence,
             Catch::StartsWith("none of the 2 file(s) matching 'src/*.py' qualifies"));
}

TEST_CASE("file every: each file of a glob must satisfy the content rules", "[file]") {
  Project p;
  const auto clean = run_step("file: {glob: 'src/*.py', every: true, not_matches: ['password\\s*=']}", p.dir());
  CHECK(clean.status == Status::pass);
  CHECK(clean.evidence == "all 2 file(s) matching 'src/*.py' have what is asked");
  p.repo.write("src/util.py", "def f():\n    password = 'hunter2'\n");
  const auto leaky = run_step("file: {glob: 'src/*.py', every: true, not_matches: ['password\\s*=']}", p.dir());
  CHECK(leaky.status == Status::fail);
  CHECK(leaky.path == "src/util.py");
  CHECK(leaky.line == 2);
  Diagnostics diagnostics;
  CHECK(test::parse_step("file: {path: notes.md, every: true}", diagnostics) == nullptr);
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'every' goes with 'glob'"));
}

TEST_CASE("file lines counts non-blank lines", "[file]") {
  Project p;
  CHECK(run_step("file: {path: notes.md, lines: {min: 4}}", p.dir()).status == Status::pass);
  CHECK(run_step("file: {path: notes.md, lines: {min: 5}}", p.dir()).evidence ==
        "notes.md has 4 non-blank lines, need at least 5");
}

TEST_CASE("file parses_as and has_keys read YAML and JSON", "[file]") {
  Project p;
  CHECK(run_step("file: {path: params.yaml, parses_as: yaml, has_keys: [train.lr, train.layers.1]}", p.dir()).status ==
        Status::pass);
  CHECK(run_step("file: {path: params.yaml, parses_as: yaml, has_keys: [train.epochs]}", p.dir()).evidence ==
        "params.yaml has no key 'train.epochs'");
  CHECK(run_step("file: {path: config.json, parses_as: json, has_keys: [train.lr, stages.0.name]}", p.dir()).status ==
        Status::pass);
  p.repo.write("broken.yaml", "a: [1, 2\nb: 3\n");
  CHECK_THAT(run_step("file: {path: broken.yaml, parses_as: yaml}", p.dir()).evidence,
             Catch::StartsWith("broken.yaml:") && Catch::Contains("is not valid YAML"));
  p.repo.write("broken.json", "{\n  \"a\": 1,\n  oops\n}");
  CHECK(run_step("file: {path: broken.json, parses_as: json}", p.dir()).evidence == "broken.json:3 is not valid JSON");
}

TEST_CASE("file never reads through a symlink that leaves the repository", "[file][security]") {
  Project p;
  std::ofstream(p.outside.path() / "secret.txt") << "password\n";
  std::filesystem::create_symlink(p.outside.path() / "secret.txt", p.dir() / "link.txt");
  std::filesystem::create_directory_symlink(p.outside.path(), p.dir() / "escape");
  const auto outcome = run_step("file: {path: link.txt, contains: [password]}", p.dir());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence == "'link.txt' is a symlink that leads outside the repository, so it is not read");
  CHECK(run_step("file: {path: escape/secret.txt}", p.dir()).status == Status::fail);
  CHECK(run_step("file: {glob: '**/secret.txt'}", p.dir()).status == Status::fail);
  CHECK_THAT(run_step("file: {glob: '*.txt', contains: [password]}", p.dir()).evidence,
             Catch::Contains("leads outside the repository"));
  // A symlink that stays inside is fine.
  std::filesystem::create_symlink("notes.md", p.dir() / "inside.md");
  CHECK(run_step("file: {path: inside.md, contains: ['# Notes']}", p.dir()).status == Status::pass);
}

TEST_CASE("file does not hang on a FIFO or choke on a directory", "[file][security]") {
  Project p;
  REQUIRE(mkfifo((p.dir() / "pipe").c_str(), 0600) == 0);
  CHECK(run_step("file: {path: pipe, contains: [x]}", p.dir()).evidence == "pipe: not a regular file");
  CHECK(run_step("file: {path: src, contains: [x]}", p.dir()).evidence == "src: not a regular file");
}
