// The learner's own files (issue 21): what every glob, "any .py file" search
// and count looks at — committed files even where .gitignore names them, new
// files git does not ignore, and never an installed package, ignored or not.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/repo/git_tree.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

std::vector<std::string> own(const std::filesystem::path& root, const std::string& pattern) {
  auto opened = Repo::open(root, false);
  REQUIRE(opened.repo);
  return own_files(*opened.repo, pattern);
}

/// pip's own module, which mentions logging the way a learner's code would.
const char* const kPipModule =
    "import logging\nlogging.basicConfig(level=logging.INFO)\nlogging.getLogger(__name__).info('ready')\n";

}  // namespace

TEST_CASE("own files: packages are never the learner's, ignored or not, committed or not", "[repo]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("src/app.py", "print('mine')\n");
  // No .gitignore at all: the virtualenv and node_modules are committed.
  repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  repo.write(".venv/lib/python3.11/site-packages/pip/_internal/log.py", kPipModule);
  repo.write("env-other/pyvenv.cfg", "home = /usr/bin\n");
  repo.write("env-other/lib/tool.py", kPipModule);
  repo.write("conda/conda-meta/history", "\n");
  repo.write("conda/lib/python3.11/site.py", kPipModule);
  repo.write("web/node_modules/pkg/build.py", kPipModule);
  repo.write("vendor/site-packages/thing.py", kPipModule);
  repo.commit("Everything, packages too");
  repo.write("later/pyvenv.cfg", "home = /usr/bin\n");
  repo.write("later/new.py", kPipModule);  // not committed, not ignored, still a package tree
  CHECK(own(temp.path(), "**/*.py") == std::vector<std::string>{"src/app.py"});
}

TEST_CASE("own files: a committed file .gitignore names is the learner's, an ignored new one is not", "[repo]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("notes/week1.md", "# done\n");
  repo.write("logs/keep.log", "committed before the ignore rule\n");
  repo.commit("Notes and a log");
  repo.write(".gitignore", "*.log\nnotes/\n");
  repo.commit("Ignore logs and notes");
  repo.write("logs/new.log", "ignored, never committed\n");
  repo.write("notes/week2.md", "# ignored, never committed\n");
  repo.write("fresh.log.txt", "new and not ignored\n");
  CHECK(own(temp.path(), "**/*.log") == std::vector<std::string>{"logs/keep.log"});
  CHECK(own(temp.path(), "notes/*.md") == std::vector<std::string>{"notes/week1.md"});
  CHECK(own(temp.path(), "*.txt") == std::vector<std::string>{"fresh.log.txt"});
}

TEST_CASE("own files: logging in a committed virtualenv does not tick the learner's logging", "[repo][python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("train.py", "print('training')\n");
  repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  repo.write(".venv/lib/python3.11/site-packages/pip/_internal/utils/logging.py", kPipModule);
  repo.commit("Project with its virtualenv committed");
  const auto stub = run_step("python: {logging: true}", temp.path());
  INFO(stub.evidence);
  CHECK(stub.status == Status::fail);
  // The same call in the learner's own module passes.
  repo.write("src/log_setup.py", kPipModule);
  repo.commit("Logging");
  const auto done = run_step("python: {logging: true}", temp.path());
  INFO(done.evidence);
  CHECK(done.status == Status::pass);
  CHECK_THAT(done.evidence, Catch::Contains("src/log_setup.py:"));
}

TEST_CASE("own files: a file glob counts the learner's files only", "[repo][file]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("tests/test_a.py", "def test_a():\n    assert 1\n");
  repo.write("venv/pyvenv.cfg", "home = /usr/bin\n");
  for (int i = 0; i < 5; ++i) repo.write("venv/lib/site-packages/x/tests/test_" + std::to_string(i) + ".py", "\n");
  repo.commit("One test and a committed virtualenv");
  const auto outcome = run_step("file: {glob: '**/test_*.py', count: {min: 2}}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  const auto ignored_too =
      run_step("file: {glob: '**/test_*.py', include_ignored: true, count: {min: 2}}", temp.path());
  CHECK(ignored_too.status == Status::fail);  // include_ignored is about .gitignore, never packages
}
