// End to end: an unchanged re-run reuses probe results; a change to an input,
// --no-cache, or a corrupt entry runs the probe again.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;

namespace {

struct CachedProject {
  TempDir temp;
  TestRepo repo{temp.path() / "project"};
  std::filesystem::path counter = temp.path() / "runs.log";
  std::string labs_dir = (temp.path() / "labs").string();
  CachedProject() {
    repo.write("src/model.py", "WEIGHT = 1\n");
    repo.write("README.md", "# project\n");
    repo.commit("Start");
    std::filesystem::create_directories(labs_dir);
    // The probe leaves a line outside the repository each time it really runs.
    std::ofstream(std::filesystem::path(labs_dir) / "lab.yaml")
        << "schema: 1\nid: cached\ntrack: mlops\nweek: 1\ntitle: Cached\nitems:\n"
        << "  - id: whole-tree\n    text: Whole tree\n    verify:\n"
        << "      - command: {run: 'echo whole >> " << counter.string() << "'}\n"
        << "  - id: src-only\n    text: Only src\n    inputs: ['src/**']\n    verify:\n"
        << "      - command: {run: 'echo src >> " << counter.string() << "'}\n";
  }
  test::LabsRun verify(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--labs", labs_dir, "verify", "week1", "-v", "--jobs", "1"};  // one order of runs
    args.insert(args.end(), extra.begin(), extra.end());
    return run_labs(args, temp.path() / "project");
  }
  std::string runs() {
    std::ifstream in(counter);
    std::string all, line;
    while (std::getline(in, line)) all += line + " ";
    return all;
  }
};

}  // namespace

TEST_CASE("cache: an unchanged re-run runs no probe", "[e2e][cache]") {
  CachedProject p;
  auto first = p.verify();
  CHECK(first.exit_code == 0);
  CHECK(p.runs() == "whole src ");
  CHECK_THAT(first.out, !Catch::Contains("(cached)"));
  auto second = p.verify();
  CHECK(second.exit_code == 0);
  CHECK(p.runs() == "whole src ");
  CHECK_THAT(second.out, Catch::Contains("whole-tree  Whole tree  1/1 (cached)"));
  CHECK_THAT(second.out, Catch::Contains("src-only    Only src  1/1 (cached)"));
  // The cache lives in the git folder, not among the learner's files.
  CHECK(std::filesystem::is_directory(p.temp.path() / "project/.git/labs/cache"));
}

TEST_CASE("cache: a changed input runs the probes that depend on it", "[e2e][cache]") {
  CachedProject p;
  p.verify();
  p.repo.write("README.md", "# project\n\nmore words\n");  // outside src/**
  p.verify();
  CHECK(p.runs() == "whole src whole ");
  p.repo.write("src/model.py", "WEIGHT = 2\n");
  p.verify();
  CHECK(p.runs() == "whole src whole whole src ");
  p.repo.write("src/new.py", "x = 1\n");  // untracked files count too
  p.verify();
  CHECK(p.runs() == "whole src whole whole src whole src ");
}

TEST_CASE("cache: --no-cache runs everything, and a corrupt entry is a miss", "[e2e][cache]") {
  CachedProject p;
  p.verify();
  p.verify({"--no-cache"});
  CHECK(p.runs() == "whole src whole src ");
  for (const auto& entry : std::filesystem::directory_iterator(p.temp.path() / "project/.git/labs/cache")) {
    std::ofstream(entry.path(), std::ios::trunc) << "{ not json";
  }
  auto run = p.verify();
  CHECK(run.exit_code == 0);
  CHECK(p.runs() == "whole src whole src whole src ");
}

TEST_CASE("cache: concurrent runs both succeed and leave readable entries", "[e2e][cache]") {
  CachedProject p;
  const std::string command = std::string("cd ") + (p.temp.path() / "project").string() + " && (" + LABS_BINARY +
                              " --labs " + p.labs_dir + " verify week1 > /dev/null & " + LABS_BINARY + " --labs " +
                              p.labs_dir + " verify week1 > /dev/null; wait $!)";
  CHECK(test::run_shell(command) == 0);
  auto after = p.verify();
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.out, Catch::Contains("(cached)"));
  for (const auto& entry : std::filesystem::directory_iterator(p.temp.path() / "project/.git/labs/cache")) {
    CHECK(entry.path().extension() == ".json");
  }
}
