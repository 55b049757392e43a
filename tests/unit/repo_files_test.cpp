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
