#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

/// Three commits on main, one merged feature branch, a tag and a remote.
struct History {
  TempDir temp;
  TestRepo repo{temp.path()};
  History() {
    repo.write("README.md", "# project\n");
    repo.write(".gitignore", ".venv/\nmlruns/\n__pycache__/\n.env\n");
    repo.commit("Add README and gitignore");
    repo.write("src/train.py", "print('train')\n");
    repo.commit("Add a training script");
    repo.create_branch("feature");
    repo.checkout("feature");
    repo.write("notes.md", "notes\n");
    repo.commit("Write notes on the data");
    repo.checkout("main");
    repo.merge("feature", "Merge branch 'feature'");
  }
};

}  // namespace

TEST_CASE("git commits counts the history of HEAD", "[git]") {
  History h;
  CHECK(run_step("git: {commits: {min: 4}}", h.temp.path()).status == Status::pass);
  const auto outcome = run_step("git: {commits: {min: 5}}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence == "found 4 commit(s) that change files, need at least 5");
  CHECK(run_step("git: {commits: {max: 3}}", h.temp.path()).status == Status::fail);
}

TEST_CASE("git commits: empty commits pad the history but do not count", "[git]") {
  History h;
  h.repo.commit("Second commit for the checker");
  h.repo.commit("Third commit for the checker");
  CHECK(run_step("git: {commits: {min: 4, max: 6}}", h.temp.path()).status == Status::pass);
  const auto outcome = run_step("git: {commits: {min: 5}}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence ==
        "found 4 commit(s) that change files, need at least 5 (2 empty commit(s) change nothing and do not count)");
}

TEST_CASE("git merged_branches: work that reached HEAD by a merge or a squash, not an empty merge", "[git]") {
  History h;
  const auto merged = run_step("git: {merged_branches: {min: 1}}", h.temp.path());
  CHECK(merged.status == Status::pass);
  CHECK(merged.evidence == "branch work merged: feature (merge commit)");
  SECTION("a merge of a branch holding only an empty commit proves nothing") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("README.md", "# project\n");
    repo.commit("Add README");
    repo.create_branch("feature/x");
    repo.checkout("feature/x");
    repo.commit("Empty commit on the branch");
    repo.checkout("main");
    repo.merge("feature/x", "Merge branch 'feature/x'");
    const auto outcome = run_step("git: {merged_branches: {min: 1}}", temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("1 merge commit(s) that change no file"));
  }
  SECTION("a squash merge: the branch's files are in HEAD as the branch left them") {
    h.repo.create_branch("evaluation");
    h.repo.checkout("evaluation");
    h.repo.write("src/evaluate.py", "def accuracy(p, y):\n    return 1.0\n");
    h.repo.commit("Add an accuracy metric");
    h.repo.checkout("main");
    CHECK_THAT(run_step("git: {merged_branches: {min: 2}}", h.temp.path()).evidence,
               Catch::Contains("not merged yet: evaluation"));
    h.repo.write("src/evaluate.py", "def accuracy(p, y):\n    return 1.0\n");
    h.repo.commit("Add model evaluation (squashed evaluation)");
    CHECK(run_step("git: {merged_branches: {min: 2}}", h.temp.path()).evidence ==
          "branch work merged: feature (merge commit), evaluation (squash or rebase)");
  }
}

TEST_CASE("git checks on a repository with no commit say so", "[git]") {
  TempDir temp;
  TestRepo repo(temp.path());
  const auto outcome = run_step("git: {commits: {min: 1}}", temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no commit yet"));
  CHECK(run_step("git: {tracked: [a.py]}", temp.path()).status == Status::fail);
}

TEST_CASE("git merges, branches and tags", "[git]") {
  History h;
  CHECK(run_step("git: {merges: {min: 1}}", h.temp.path()).status == Status::pass);
  CHECK(run_step("git: {merges: {min: 2}}", h.temp.path()).evidence ==
        "found 1 merge commit(s), need at least 2 (merge a branch: git merge --no-ff BRANCH)");
  CHECK(run_step("git: {branches: {min: 2}}", h.temp.path()).evidence ==
        "2 branch(es) (feature, main), need at least 2");
  CHECK(run_step("git: {branches: {min: 3}}", h.temp.path()).status == Status::fail);
  CHECK(run_step("git: {tags: {min: 1}}", h.temp.path()).status == Status::fail);
  h.repo.tag("v0.1");
  CHECK(run_step("git: {tags: {min: 1}}", h.temp.path()).status == Status::pass);
}

TEST_CASE("git tracked and not_tracked look at what HEAD commits", "[git]") {
  History h;
  CHECK(run_step("git: {tracked: [README.md, 'src/*.py', src]}", h.temp.path()).status == Status::pass);
  const auto missing = run_step("git: {tracked: [requirements.txt]}", h.temp.path());
  CHECK(missing.status == Status::fail);
  CHECK(missing.evidence == "not committed: requirements.txt (git add it, then git commit)");
  // A file on disk but not committed is not tracked.
  h.repo.write("requirements.txt", "numpy==1.26.4\n");
  CHECK(run_step("git: {tracked: [requirements.txt]}", h.temp.path()).status == Status::fail);

  CHECK(run_step("git: {not_tracked: [.venv, mlruns]}", h.temp.path()).status == Status::pass);
  h.repo.write("mlruns/0/meta.yaml", "name: x\n");
  h.repo.write("keep/.keep", "");
  // mlruns/ is ignored, so committing everything leaves it out...
  h.repo.commit("Add keep file");
  CHECK(run_step("git: {not_tracked: [mlruns]}", h.temp.path()).status == Status::pass);
  // ...until the ignore rule is gone.
  h.repo.write(".gitignore", ".venv/\n");
  h.repo.commit("Drop ignore rules");
  const auto committed = run_step("git: {not_tracked: [mlruns, '**/__pycache__']}", h.temp.path());
  CHECK(committed.status == Status::fail);
  CHECK_THAT(committed.evidence, Catch::StartsWith("committed but should not be: mlruns/0/meta.yaml"));
  CHECK(committed.path == "mlruns/0/meta.yaml");
}

TEST_CASE("git ignored uses git's own ignore rules", "[git]") {
  History h;
  CHECK(run_step("git: {ignored: [.venv/, mlruns/, .env, mlruns/0/meta.yaml]}", h.temp.path()).status == Status::pass);
  const auto outcome = run_step("git: {ignored: [.venv/, data/]}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence == "not ignored by git: data/ (add to .gitignore)");
}

TEST_CASE("git ignored: only committed rules count, and a rule that ignores everything fails", "[git]") {
  History h;
  SECTION("rules in .git/info/exclude or an uncommitted .gitignore are this machine's only") {
    std::ofstream(h.temp.path() / ".git" / "info" / "exclude", std::ios::app) << "data/\n";
    h.repo.write(".gitignore", ".venv/\nmlruns/\n__pycache__/\n.env\nmodels/\n");
    const auto outcome = run_step("git: {ignored: [data/, models/, .venv/]}", h.temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("ignored only on this machine: data/, models/"));
    h.repo.commit("Ignore trained models");
    CHECK_THAT(run_step("git: {ignored: [models/]}", h.temp.path()).evidence,
               Catch::Equals("ignored by the committed .gitignore: models/"));
  }
  SECTION("a .gitignore of * with the work force-added") {
    h.repo.write(".gitignore", "*\n");
    h.repo.commit("Ignore everything");
    const auto outcome = run_step("git: {ignored: [.venv/, mlruns/]}", h.temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("ignores most of your own committed files too (4 of 4"));
  }
  SECTION("a whitelist .gitignore that keeps the work passes") {
    h.repo.write(".gitignore", "*\n!*.py\n!*.md\n!.gitignore\n");
    h.repo.commit("Ignore all but code and docs");
    CHECK(run_step("git: {ignored: [.venv/, mlruns/]}", h.temp.path()).status == Status::pass);
  }
}

TEST_CASE("git clean sees changed and untracked files", "[git]") {
  History h;
  CHECK(run_step("git: {clean: true}", h.temp.path()).status == Status::pass);
  h.repo.write("mlruns/1/meta.yaml", "ignored\n");
  CHECK(run_step("git: {clean: true}", h.temp.path()).status == Status::pass);
  h.repo.write("README.md", "# changed\n");
  h.repo.write("new.py", "x = 1\n");
  const auto outcome = run_step("git: {clean: true}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence == "2 path(s) not committed: README.md, new.py (git add -A && git commit)");
}

namespace {

/// What `git update-index --assume-unchanged PATH` does: status stops looking at the file.
void assume_unchanged(TestRepo& repo, const char* path) {
  git_index* index = nullptr;
  REQUIRE(git_repository_index(&index, repo.handle()) == 0);
  git_index_entry entry = *git_index_get_bypath(index, path, 0);
  entry.flags |= GIT_INDEX_ENTRY_VALID;
  CHECK(git_index_add(index, &entry) == 0);
  CHECK(git_index_write(index) == 0);
  git_index_free(index);
}

}  // namespace

TEST_CASE("git clean sees changes hidden with assume-unchanged", "[git]") {
  History h;
  assume_unchanged(h.repo, "src/train.py");
  CHECK(run_step("git: {clean: true}", h.temp.path()).status == Status::pass);  // unchanged yet
  h.repo.write("src/train.py", "print('trained for real')\n");
  const auto outcome = run_step("git: {clean: true}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("1 changed file(s) hidden from git status with assume-unchanged"));
  CHECK_THAT(outcome.evidence, Catch::Contains("src/train.py"));
}

TEST_CASE("git max_file_size_mb finds large committed files", "[git]") {
  History h;
  h.repo.write("data/big.csv", std::string(2 * 1024 * 1024 + 10, 'x'));
  h.repo.commit("Add the raw data");
  CHECK(run_step("git: {max_file_size_mb: 5}", h.temp.path()).status == Status::pass);
  const auto outcome = run_step("git: {max_file_size_mb: 1.5}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("data/big.csv is 2.0 MB, over the 1.5 MB limit"));
}

TEST_CASE("git no_secrets finds secret files and secret text", "[git]") {
  History h;
  CHECK(run_step("git: {no_secrets: true}", h.temp.path()).status == Status::pass);
  SECTION("an .env file") {
    h.repo.write(".gitignore", "");
    h.repo.write(".env", "TOKEN=abc\n");
    h.repo.write(".env.example", "TOKEN=\n");
    h.repo.commit("Add env");
    const auto outcome = run_step("git: {no_secrets: true}", h.temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith(".env looks like an environment file"));
  }
  SECTION("a cloud key in code, reported with its line but not its value") {
    h.repo.write("src/upload.py", "import boto3\n\nKEY = 'AKIAABCDEFGHIJKLMNOP'\n");
    h.repo.commit("Upload to S3");
    const auto outcome = run_step("git: {no_secrets: true}", h.temp.path());
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("src/upload.py:3 looks like an AWS access key"));
    CHECK_THAT(outcome.evidence, !Catch::Contains("AKIAABCDEFGHIJKLMNOP"));
    CHECK(outcome.line == 3);
  }
  SECTION("a private key") {
    h.repo.write("deploy/key.txt", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
    h.repo.commit("Add deploy key");
    CHECK_THAT(run_step("git: {no_secrets: true}", h.temp.path()).evidence, Catch::Contains("a private key"));
  }
  SECTION("a password literal") {
    h.repo.write("app/db.py", "DB_PASSWORD = \"hunter2hunter2\"\n");
    h.repo.commit("Connect to the database");
    CHECK(run_step("git: {no_secrets: true}", h.temp.path()).status == Status::fail);
  }
  SECTION("a password inside a connection URL to a named host") {
    h.repo.write("config.yaml", "db: postgresql://mladmin:Wine2026Prod!@db.internal.example.com:5432/wine\n");
    h.repo.commit("Read data from the production database");
    const auto outcome = run_step("git: {no_secrets: true}", h.temp.path());
    CHECK_THAT(outcome.evidence, Catch::StartsWith("config.yaml:1 looks like a password inside a connection URL"));
    CHECK_THAT(outcome.evidence, !Catch::Contains("Wine2026Prod"));
  }
  SECTION("local, Compose-service, placeholder and environment URLs are fine") {
    h.repo.write("compose.yaml",
                 "DATABASE_URL: postgresql://app:app-local@db:5432/app\n"
                 "TEST_URL: postgresql://postgres:postgres@localhost/test\n"
                 "PROD_URL: postgresql://app:${DB_PASSWORD}@db.example.com/app\n"
                 "DOC_URL: postgresql://user:password@db.example.com/app\n");
    h.repo.commit("Describe the databases");
    CHECK(run_step("git: {no_secrets: true}", h.temp.path()).status == Status::pass);
  }
  SECTION("reading a password from the environment is fine") {
    h.repo.write("app/db.py", "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]\n");
    h.repo.commit("Connect to the database");
    CHECK(run_step("git: {no_secrets: true}", h.temp.path()).status == Status::pass);
  }
}

TEST_CASE("git remote needs a configured remote", "[git]") {
  History h;
  const auto outcome = run_step("git: {remote: true}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("no remote configured"));
  h.repo.add_remote("origin", "https://example.com/learner/project.git");
  CHECK(run_step("git: {remote: true}", h.temp.path()).evidence ==
        "remote configured: origin (https://example.com/learner/project.git)");
}

TEST_CASE("git remote needs a URL a repository can live at", "[git]") {
  History h;
  h.repo.add_remote("origin", "nothing");
  const auto outcome = run_step("git: {remote: true}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("the remote's URL is not a repository address: origin (nothing)"));
  SECTION("ssh, scp-like and a bare repository on this machine all count") {
    TempDir bare;
    git_repository* raw = nullptr;
    REQUIRE(git_repository_init(&raw, (bare.path() / "project.git").c_str(), 1) == 0);
    git_repository_free(raw);
    for (const std::string& url :
         {std::string("git@gitlab.com:learner/project.git"),
          std::string("ssh://git@example.com:2222/learner/project.git"), (bare.path() / "project.git").string()}) {
      INFO(url);
      REQUIRE(git_remote_set_url(h.repo.handle(), "origin", url.c_str()) == 0);
      CHECK(run_step("git: {remote: true}", h.temp.path()).status == Status::pass);
    }
  }
}

TEST_CASE("git messages rules apply to every non-merge commit", "[git]") {
  History h;
  CHECK(run_step("git: {messages: {min_length: 10}}", h.temp.path()).status == Status::pass);
  CHECK(run_step("git: {messages: {matches: '^[A-Z]'}}", h.temp.path()).status == Status::pass);
  h.repo.write("a.py", "a = 1\n");
  h.repo.commit("wip");
  const auto outcome = run_step("git: {messages: {min_length: 10}}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Matches("commit [0-9a-f]{7} 'wip' has 3 characters, need at least 10.*"));
  CHECK(run_step("git: {messages: {max_length: 20}}", h.temp.path()).status == Status::fail);
  CHECK(run_step("git: {messages: {matches: '^[A-Z]'}}", h.temp.path()).status == Status::fail);
}

TEST_CASE("a git step with several assertions reports the failing ones", "[git]") {
  History h;
  const auto outcome = run_step("git: {commits: {min: 1}, tags: {min: 1}, remote: true}", h.temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("found 0 tag(s)"));
  CHECK_THAT(outcome.evidence, Catch::Contains("; no remote configured"));
  CHECK_THAT(outcome.evidence, !Catch::Contains("commit(s)"));
}
