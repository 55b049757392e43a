// The scratch copy a state-changing probe runs on: everything the probe may
// read is there (ignored files too), package trees and .git are linked, the
// learner's files never change, and a tree too big is refused whole.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/process/sandbox.hpp>
#include <labs/process/scratch_copy.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace labkit;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

/// Points the process's temporary folder (TMPDIR) at a folder of the test's
/// own, so that the scratch copies other tests make meanwhile do not count.
struct OwnTempFolder {
  TempDir folder;
  OwnTempFolder() { ::setenv("TMPDIR", folder.path().c_str(), 1); }
  ~OwnTempFolder() { ::unsetenv("TMPDIR"); }
  std::size_t scratch_folders() const {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(folder.path())) {
      if (entry.path().filename().string().starts_with("labs-scratch-")) ++count;
    }
    return count;
  }
};

}  // namespace

TEST_CASE("scratch copy: ignored files are copied, package trees and .git linked, caches left out", "[scratch]") {
  const OwnTempFolder tmp;
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".gitignore", ".venv/\nmodels/\n__pycache__/\n");
  repo.write("train.py", "print('fit')\n");
  repo.write("models/model.pkl", std::string(100000, 'x'));
  repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  repo.write(".venv/lib/python3.11/site-packages/big.py", "X = 1\n");
  repo.write("src/__pycache__/train.cpython-311.pyc", "stale");
  repo.commit("Training");
  ::chmod((temp.path() / "train.py").c_str(), 0755);
  fs::create_symlink("train.py", temp.path() / "run.py");
  std::string error;
  const auto root = fs::canonical(temp.path());
  {
    const auto copy = ScratchCopy::make(root, error);
    REQUIRE(copy);
    INFO(error);
    const fs::path tree = copy->tree();
    CHECK(tree.filename() == root.filename());
    CHECK(test::read_text(tree / "train.py") == "print('fit')\n");
    CHECK((fs::status(tree / "train.py").permissions() & fs::perms::owner_exec) != fs::perms::none);
    CHECK(fs::file_size(tree / "models/model.pkl") == 100000);
    CHECK(fs::is_symlink(tree / "run.py"));
    CHECK(fs::read_symlink(tree / "run.py") == "train.py");
    CHECK(fs::is_symlink(tree / ".venv"));
    CHECK(fs::read_symlink(tree / ".venv") == root / ".venv");
    CHECK(fs::is_symlink(tree / ".git"));
    CHECK_FALSE(fs::exists(tree / "src/__pycache__"));
    CHECK(copy->files() == 3);  // .gitignore, train.py, models/model.pkl: nothing of .venv or the cache
    // What the probe writes stays in the copy.
    test::write_text(tree / "train.py", "changed\n");
    test::write_text(tree / "models/model.pkl", "retrained");
    CHECK(test::read_text(root / "train.py") == "print('fit')\n");
    CHECK(fs::file_size(root / "models/model.pkl") == 100000);
    Containment containment;
    copy->show_links(containment);
    CHECK(containment.scratch_tree);
    CHECK(containment.readable.size() == 2);
    CHECK(containment.needs_own_view());
    CHECK(fs::exists(tree));
    CHECK(tmp.scratch_folders() == 1);
  }
  CHECK(tmp.scratch_folders() == 0);
}

TEST_CASE("scratch copy: a tree over the limits is refused before anything is copied", "[scratch]") {
  const OwnTempFolder tmp;
  TempDir temp;
  TestRepo repo(temp.path());
  for (int i = 0; i < 5; ++i) repo.write("data/part" + std::to_string(i) + ".csv", std::string(1000, 'a'));
  repo.commit("Data");
  std::string error;
  const auto root = fs::canonical(temp.path());
  SECTION("too many files") {
    CHECK_FALSE(ScratchCopy::make(root, error, {3, std::uintmax_t{1} << 30}));
    CHECK_THAT(error, Catch::Contains("has 5 files, more than the 3 labs copies"));
  }
  SECTION("too many bytes") {
    CHECK_FALSE(ScratchCopy::make(root, error, {100, 2048}));
    CHECK_THAT(error, Catch::Contains("holds 4.9 KB, more than the 2.0 KB"));
  }
  CHECK(tmp.scratch_folders() == 0);
  CHECK(fs::file_size(root / "data/part0.csv") == 1000);
}

TEST_CASE("command: scratch true runs in a copy, so what the command changes never reaches the learner's files",
          "[scratch][probes]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("README.md", "# Notes\n");
  repo.write(".gitignore", "todo.db\n");
  repo.write("todo.db", "rows");
  repo.commit("Notes");
  const auto outcome = test::run_step(
      "command: {run: 'rm README.md && echo more >> todo.db && test -d .git && cat todo.db', scratch: true,"
      " stdout_contains: [rowsmore]}",
      temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(test::read_text(temp.path() / "README.md") == "# Notes\n");
  CHECK(test::read_text(temp.path() / "todo.db") == "rows");
  // Without scratch the same command changes the work tree: the test can fail.
  const auto in_place = test::run_step("command: {run: 'echo more >> todo.db'}", temp.path());
  CHECK(in_place.status == Status::pass);
  CHECK(test::read_text(temp.path() / "todo.db") == "rowsmore\n");
}

TEST_CASE("command: in the sandbox, a scratch copy's .git is read-only and the virtualenv works", "[scratch][probes]") {
  REQUIRE(sandbox_active());
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("main.py", "print('hi')\n");
  repo.commit("Main");
  const auto root = fs::canonical(temp.path());
  // A virtualenv made by Python's own venv module, ignored by git.
  REQUIRE(std::system(("/usr/bin/python3 -m venv --without-pip " + (root / ".venv").string()).c_str()) == 0);
  test::write_text(root / ".gitignore", ".venv/\n");
  const auto outcome = test::run_step(
      "command: {run: 'python -c \"import sys; print(sys.prefix)\" && ! touch .git/labs-was-here', scratch: true,"
      " stdout_contains: ['/.venv']}",
      temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_FALSE(fs::exists(root / ".git/labs-was-here"));
}
