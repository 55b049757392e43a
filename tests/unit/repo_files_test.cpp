#include "support/test_repo.hpp"

#include <labs/repo/repo_files.hpp>

#include <catch2/catch.hpp>

using labkit::glob_match;

TEST_CASE("glob_match: segments, double star, classes and alternatives", "[glob]") {
  CHECK(glob_match("*.py", "train.py"));
  CHECK_FALSE(glob_match("*.py", "src/train.py"));
  CHECK(glob_match("src/*.py", "src/train.py"));
  CHECK(glob_match("**/*.py", "train.py"));
  CHECK(glob_match("**/*.py", "a/b/c/train.py"));
  CHECK(glob_match("src/**", "src/a/b"));
  CHECK(glob_match("**/__pycache__", "src/__pycache__"));
  CHECK(glob_match("data/**/raw/*.csv", "data/raw/x.csv"));
  CHECK(glob_match("test_?.py", "test_1.py"));
  CHECK_FALSE(glob_match("test_?.py", "test_12.py"));
  CHECK(glob_match("[Dd]ockerfile", "dockerfile"));
  CHECK(glob_match("{.venv,venv}/pyvenv.cfg", "venv/pyvenv.cfg"));
  CHECK(glob_match("{,config/}params.{yaml,yml}", "config/params.yml"));
  CHECK(glob_match("{,config/}params.{yaml,yml}", "params.yaml"));
  CHECK_FALSE(glob_match("{.venv,venv}/pyvenv.cfg", "env/pyvenv.cfg"));
  CHECK(glob_match("*", ".gitignore"));
  CHECK(glob_match("{.github/workflows/*.{yml,yaml},.gitlab-ci.yml}", ".github/workflows/ci.yaml"));
  CHECK(glob_match("{.github/workflows/*.{yml,yaml},.gitlab-ci.yml}", ".gitlab-ci.yml"));
  CHECK_FALSE(glob_match("{.github/workflows/*.{yml,yaml},.gitlab-ci.yml}", ".github/workflows/ci.json"));
}

TEST_CASE("path_shape_problem refuses absolute and climbing paths", "[glob][security]") {
  CHECK(labkit::path_shape_problem("src/a.py").empty());
  CHECK(labkit::path_shape_problem("src/../a.py").empty());
  CHECK_FALSE(labkit::path_shape_problem("../a.py").empty());
  CHECK_FALSE(labkit::path_shape_problem("src/../../a.py").empty());
  CHECK_FALSE(labkit::path_shape_problem("/etc/passwd").empty());
  CHECK_FALSE(labkit::path_shape_problem("").empty());
}

TEST_CASE("a folder swapped for a symlink between the check and the read is not followed", "[glob][security]") {
  labkit::test::TempDir temp;
  const auto root = temp.path() / "repo";
  std::filesystem::create_directories(root / "data");
  labkit::test::write_text(root / "data/notes.txt", "inside\n");
  labkit::test::write_text(temp.path() / "outside/notes.txt", "outside-secret\n");
  // The check sees a plain folder ...
  const auto resolved = labkit::resolve_inside(root, "data/notes.txt");
  REQUIRE(resolved.ok());
  // ... and the learner's process swaps it before labs opens the file.
  std::filesystem::remove_all(root / "data");
  std::filesystem::create_directory_symlink(temp.path() / "outside", root / "data");
  std::string error;
  const auto text = labkit::read_text_file(resolved, 1 << 20, error);
  CHECK_FALSE(text);
  CHECK_THAT(error, Catch::Contains("became a symlink"));
  // A symlink that stays inside is resolved by the check and read.
  std::filesystem::create_directories(root / "docs");
  labkit::test::write_text(root / "docs/README.md", "# docs\n");
  std::filesystem::create_symlink("docs/README.md", root / "README.md");
  const auto inside = labkit::read_text_file(labkit::resolve_inside(root, "README.md"), 1 << 20, error);
  REQUIRE(inside);
  CHECK(*inside == "# docs\n");
}
