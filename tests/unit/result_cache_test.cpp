#include "support/test_repo.hpp"

#include <labs/base/diagnostics.hpp>
#include <labs/engine/result_cache.hpp>
#include <labs/model/steps.hpp>
#include <labs/repo/repo.hpp>
#include <labs/spec/step_parser.hpp>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <algorithm>

using namespace labkit;

namespace {

std::string key_of(const std::string& step_yaml) {
  Diagnostics diagnostics;
  const std::vector<Step> steps = parse_steps(YAML::Load("[" + step_yaml + "]"), "lab.yaml", diagnostics, {}, "verify");
  REQUIRE(steps.size() == 1);
  static const WorkTreeFingerprint tree{{{"app.py", "0123abcd"}}, {}, ""};
  return ResultCache("/nonexistent", CacheSecret{}, tree).key(Item{}, steps.front());
}

}  // namespace

TEST_CASE("cache key: the same step gives the same key, any change to its definition another", "[cache]") {
  CHECK(key_of("{command: {run: pytest -q}}") == key_of("{command: {run: pytest -q}}"));
  CHECK(key_of("{command: {run: pytest -q}}") != key_of("{command: {run: pytest -x}}"));
  CHECK(key_of("{command: {run: 'a b', stdout_contains: [c]}}") !=
        key_of("{command: {run: a, stdout_contains: [b c]}}"));
  CHECK(key_of("{command: {run: '1', exit_code: 1}}") != key_of("{command: {run: !!str 1, exit_code: 1}}"));
  CHECK(key_of("{command: {run: true, exit_code: 2}}") != key_of("{command: {run: true, exit_code: 12}}"));
}

namespace {

namespace fs = std::filesystem;

const WorkTreeFingerprint kNoFiles{};
const std::string kFirstKey(40, 'a');
const std::string kSecondKey(40, 'b');

/// A cache under `root` for a repository at `repo`, which must open.
ResultCache open_cache(const fs::path& root, const fs::path& repo = "/work/repo") {
  std::string problem;
  auto cache = open_result_cache(root, repo, kNoFiles, problem);
  INFO(problem);
  REQUIRE(cache);
  return *cache;
}

/// The folders of repositories under a cache root.
std::vector<fs::path> repo_folders(const fs::path& root) {
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) folders.push_back(entry.path());
  }
  return folders;
}

fs::perms permissions(const fs::path& path) { return fs::status(path).permissions() & fs::perms::all; }

}  // namespace

TEST_CASE("cache entries: only what labs stored, unchanged and under its own key, loads back", "[cache]") {
  test::TempDir temp;
  const fs::path root = temp.path() / "labs";
  const ResultCache cache = open_cache(root);
  cache.store(kFirstKey, StepOutcome{Status::fail, "exit code 1", "app.py", 3});
  cache.store(kSecondKey, StepOutcome{Status::pass, "exit code 0", "", 0});
  const auto loaded = cache.load(kFirstKey);
  REQUIRE(loaded);
  CHECK(loaded->status == Status::fail);
  CHECK(loaded->evidence == "exit code 1");
  CHECK(loaded->path == "app.py");
  CHECK(loaded->line == 3);
  const std::vector<fs::path> folders = repo_folders(root);
  REQUIRE(folders.size() == 1);
  CHECK(permissions(folders[0]) == fs::perms::owner_all);
  const fs::path entry = folders[0] / (kFirstKey + ".entry");
  const std::string original = test::read_text(entry);
  REQUIRE(original.find("\"fail\"") != std::string::npos);

  SECTION("fail flipped to pass") {
    std::string flipped = original;
    flipped.replace(flipped.find("\"fail\""), 6, "\"pass\"");
    test::write_text(entry, flipped);
    CHECK_FALSE(cache.load(kFirstKey));
  }
  SECTION("a passing entry moved to this key") {
    fs::copy_file(folders[0] / (kSecondKey + ".entry"), entry, fs::copy_options::overwrite_existing);
    CHECK_FALSE(cache.load(kFirstKey));
  }
  SECTION("a changed MAC") {
    std::string garbled = original;
    garbled[0] = garbled[0] == '0' ? '1' : '0';
    test::write_text(entry, garbled);
    CHECK_FALSE(cache.load(kFirstKey));
  }
  SECTION("a truncated file") {
    for (const std::size_t size : {std::size_t{0}, std::size_t{64}, std::size_t{65}, original.size() - 1}) {
      test::write_text(entry, original.substr(0, size));
      INFO(size);
      CHECK_FALSE(cache.load(kFirstKey));
    }
  }
  SECTION("an entry of another repository") {
    const ResultCache other = open_cache(root, "/work/other");
    other.store(kFirstKey, StepOutcome{Status::pass, "exit code 0", "", 0});
    for (const fs::path& folder : repo_folders(root)) {
      if (folder != folders[0])
        fs::copy_file(folder / (kFirstKey + ".entry"), entry, fs::copy_options::overwrite_existing);
    }
    CHECK_FALSE(cache.load(kFirstKey));
  }
  SECTION("an entry without a MAC, as labs once wrote them") {
    test::write_text(entry, R"({"format":"labs-result-cache-3","status":"pass","evidence":"","path":"","line":0})");
    CHECK_FALSE(cache.load(kFirstKey));
  }
  // A rejected entry is replaced by the next result.
  cache.store(kFirstKey, StepOutcome{Status::fail, "exit code 1", "", 0});
  CHECK(cache.load(kFirstKey));
}

TEST_CASE("cache secret: made once and private, a new one disowns old entries, an unreadable one is reported",
          "[cache]") {
  test::TempDir temp;
  const fs::path root = temp.path() / "home/.cache/labs";  // no folder of it exists yet
  std::string problem;
  const auto secret = load_cache_secret(root, problem);
  REQUIRE(secret);
  CHECK(problem.empty());
  CHECK(permissions(root) == fs::perms::owner_all);
  const fs::path file = root / "secret.key";
  CHECK(permissions(file) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(fs::file_size(file) == 32);
  CHECK(load_cache_secret(root, problem) == secret);

  SECTION("a missing secret file: a new secret, under which old entries are misses") {
    open_cache(root).store(kFirstKey, StepOutcome{Status::pass, "", "", 0});
    fs::remove(file);
    const ResultCache cache = open_cache(root);
    CHECK(load_cache_secret(root, problem) != secret);
    CHECK_FALSE(cache.load(kFirstKey));
  }
  SECTION("a secret file that cannot be used turns the cache off with the reason") {
    const auto check_off = [&] {
      CHECK_FALSE(open_result_cache(root, "/work/repo", kNoFiles, problem));
      CHECK_THAT(problem, Catch::Contains(file.string()));
      CHECK(problem.find('\n') == std::string::npos);
    };
    SECTION("too short") {
      test::write_text(file, "short");
      check_off();
    }
    SECTION("readable by others") {
      fs::permissions(file, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
      check_off();
    }
    SECTION("a folder") {
      fs::remove(file);
      fs::create_directory(file);
      check_off();
    }
  }
  SECTION("no cache root at all") {
    CHECK_FALSE(open_result_cache("", "/work/repo", kNoFiles, problem));
    CHECK_THAT(problem, Catch::Contains("HOME"));
  }
  SECTION("a cache root inside the repository, where its probes write") {
    CHECK_FALSE(open_result_cache(root, temp.path() / "home", kNoFiles, problem));
    CHECK_THAT(problem, Catch::Contains(root.string() + " is inside the repository"));
  }
}

TEST_CASE("cache: a container step is never cached (the engine's images are no input labs sees)", "[cache]") {
  Diagnostics diagnostics;
  const std::vector<Step> steps =
      parse_steps(YAML::Load("[{container: {port: 8000}}, {command: {run: pytest}}, {file: {path: a}}]"), "lab.yaml",
                  diagnostics, {}, "verify");
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].runs_learner_code);
  CHECK_FALSE(steps[0].cacheable);
  CHECK(steps[1].cacheable);
  CHECK_FALSE(steps[2].cacheable);
}

TEST_CASE("cache fingerprint: any virtualenv's interpreter and packages are inputs, and the system python3",
          "[cache]") {
  test::TempDir temp;
  test::TestRepo repo(temp.path());
  repo.write(".gitignore", "env/\n");
  repo.write("env/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n");
  repo.write("env/lib/python3.11/site-packages/pandas-2.2.1.dist-info/METADATA", "Name: pandas\n");
  repo.write("app.py", "print(1)\n");
  repo.commit("Project");
  auto opened = Repo::open(temp.path(), false);
  REQUIRE(opened.repo);
  const auto before = fingerprint_work_tree(*opened.repo);
  REQUIRE(before.error.empty());
  CHECK(std::any_of(before.packages.begin(), before.packages.end(),
                    [](const std::string& p) { return p.starts_with("python3 "); }));
  CHECK(std::find(before.packages.begin(), before.packages.end(), "env pandas-2.2.1.dist-info") !=
        before.packages.end());
  // pip install scikit-learn: a new distribution, the same files of the tree.
  test::write_text(temp.path() / "env/lib/python3.11/site-packages/scikit_learn-1.4.2.dist-info/METADATA", "x\n");
  const auto installed = fingerprint_work_tree(*opened.repo);
  CHECK(installed.packages != before.packages);
  // The virtualenv made again with another Python.
  test::write_text(temp.path() / "env/pyvenv.cfg", "home = /usr/local/bin\nversion = 3.12.1\n");
  const auto remade = fingerprint_work_tree(*opened.repo);
  CHECK(remade.packages != installed.packages);
}
