#include "support/check_harness.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/repo/repo.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

TEST_CASE("opening finds the repository from a sub-folder", "[repo]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("src/a.py", "a = 1\n");
  repo.commit("Add a");
  auto opened = Repo::open(temp.path() / "src", true);
  REQUIRE(opened.repo);
  CHECK(opened.repo->root() == temp.path());
  CHECK(opened.repo->branch() == "main");
  CHECK(opened.repo->head_id().size() == 40);
  // --repo names the top folder exactly; no search upwards.
  CHECK_FALSE(Repo::open(temp.path() / "src", false).repo);
}

TEST_CASE("not a repository: an actionable message", "[repo]") {
  TempDir temp;
  auto opened = Repo::open(temp.path(), true);
  CHECK_FALSE(opened.repo);
  CHECK_THAT(opened.problem, Catch::StartsWith("not a git repository: no .git in"));
  CHECK_THAT(opened.problem, Catch::Contains("git init"));
}

TEST_CASE("a bare repository is refused with the way out", "[repo]") {
  TempDir temp;
  git_libgit2_init();
  git_repository* bare = nullptr;
  REQUIRE(git_repository_init(&bare, (temp.path() / "bare.git").c_str(), 1) == 0);
  git_repository_free(bare);
  git_libgit2_shutdown();
  auto opened = Repo::open(temp.path() / "bare.git", false);
  CHECK_FALSE(opened.repo);
  CHECK_THAT(opened.problem, Catch::Contains("is a bare repository") && Catch::Contains("git clone"));
}

TEST_CASE("a repository with no commit opens and says so", "[repo]") {
  TempDir temp;
  TestRepo repo(temp.path());
  auto opened = Repo::open(temp.path(), false);
  REQUIRE(opened.repo);
  CHECK_FALSE(opened.repo->has_commits());
  CHECK(opened.repo->head_id().empty());
  CHECK(opened.repo->count_history().visited == 0);
}

TEST_CASE("a shallow clone: history is cut, counted up to the boundary", "[repo][shallow]") {
  TempDir temp;
  {
    TestRepo origin(temp.path() / "origin");
    for (int i = 1; i <= 4; ++i) {
      origin.write("file.txt", std::to_string(i));
      origin.commit("Commit number " + std::to_string(i));
    }
  }
  REQUIRE(test::run_shell("git clone -q --depth 2 file://" + (temp.path() / "origin").string() + " " +
                          (temp.path() / "clone").string()) == 0);
  auto opened = Repo::open(temp.path() / "clone", false);
  REQUIRE(opened.repo);
  CHECK(opened.repo->is_shallow());
  const HistoryWalk walk = opened.repo->count_history();
  CHECK(walk.visited == 2);
  CHECK(walk.truncated);
  CHECK(walk.error.empty());
  // Enough visible commits still prove "at least"; too few cannot be judged.
  CHECK(test::run_step("git: {commits: {min: 2}}", temp.path() / "clone").status == Status::pass);
  const auto cut = test::run_step("git: {commits: {min: 3}}", temp.path() / "clone");
  CHECK(cut.status == Status::error);
  CHECK_THAT(cut.evidence, Catch::StartsWith("history is shallow (2 commit(s) visible)"));
  CHECK(test::run_step("git: {merges: {min: 1}}", temp.path() / "clone").status == Status::error);
  CHECK(test::run_step("git: {messages: {min_length: 5}}", temp.path() / "clone").status == Status::error);
  // Checks that do not need history still run.
  CHECK(test::run_step("git: {tracked: [file.txt]}", temp.path() / "clone").status == Status::pass);
}

TEST_CASE("a repository owned by another user: the ownership check is explained", "[repo][owner]") {
  if (geteuid() != 0) {
    WARN("skipped: needs root to run labs as another user");
    return;
  }
  TempDir temp;
  {
    TestRepo repo(temp.path() / "theirs");
    repo.write("a.txt", "a");
    repo.commit("Add a");
  }
  // Run labs as user nobody on root's repository: libgit2 refuses it.
  std::filesystem::permissions(temp.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
  const auto run = test::run_labs({"verify", "week1", "--repo", (temp.path() / "theirs").string()}, "/",
                                  {"HOME=/nonexistent"}, "setpriv --reuid=65534 --regid=65534 --clear-groups");
  CHECK(run.exit_code == 3);
  CHECK_THAT(run.err, Catch::Contains("belongs to another user") && Catch::Contains("safe.directory"));
}

TEST_CASE("core.worktree pointing elsewhere is refused, a worktree's .git file is followed", "[repo][security]") {
  TempDir temp;
  TestRepo repo(temp.path() / "learner");
  repo.write("README.md", "# mine\n");
  repo.commit("Start");
  std::filesystem::create_directories(temp.path() / "elsewhere");
  {
    git_config* config = nullptr;
    REQUIRE(git_repository_config(&config, repo.handle()) == 0);
    REQUIRE(git_config_set_string(config, "core.worktree", (temp.path() / "elsewhere").c_str()) == 0);
    git_config_free(config);
  }
  auto opened = Repo::open(temp.path() / "learner", false);
  CHECK_FALSE(opened.repo);
  CHECK_THAT(opened.problem, Catch::Contains("core.worktree"));
  CHECK_FALSE(std::filesystem::exists(temp.path() / "elsewhere/.labs"));

  // A linked worktree names its git folder in a .git file: that is the repository opened.
  TestRepo plain(temp.path() / "plain");
  plain.write("a.txt", "a\n");
  plain.commit("Start");
  REQUIRE(test::run_shell("git -C " + (temp.path() / "plain").string() + " worktree add -q " +
                          (temp.path() / "linked").string() + " -b side 2>/dev/null") == 0);
  auto linked = Repo::open(temp.path() / "linked", false);
  REQUIRE(linked.repo);
  CHECK(linked.repo->root() == temp.path() / "linked");
}
