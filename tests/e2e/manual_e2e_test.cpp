// Manual items end to end: verify says how to tick one, `labs tick` records
// the evidence in labs-evidence.yaml, reports show it apart, and a CI gate
// skips it unless the lab lets it count.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

const char* const kLab = R"(schema: 1
id: deploy
track: mlops
week: 4
title: Deploy
items:
  - id: readme
    text: A README
    verify:
      - file: {path: README.md}
  - id: cloud
    text: The API runs in the cloud
    hint: Any free tier will do.
    manual: {evidence: the public URL of your API}
  - id: demo
    text: Demo shown to the mentor
    manual: {evidence: the date of the demo, counts_in_ci: true}
)";

struct Project {
  TempDir temp;
  fs::path labs_dir = temp.path() / "labs";
  fs::path root = temp.path() / "repo";
  Project() {
    fs::create_directories(labs_dir);
    std::ofstream(labs_dir / "deploy.yaml") << kLab;
    fs::create_directories(root);
    TestRepo repo(root);
    repo.write("README.md", "# p\n");
    repo.commit("Add README");
  }
  test::LabsRun labs(std::vector<std::string> args, const std::vector<std::string>& environment = {}) const {
    args.insert(args.begin(), {"--labs", labs_dir.string()});
    return run_labs(args, root, environment);
  }
};

}  // namespace

TEST_CASE("manual items: an unticked one says how to tick it, a tick is recorded and shown apart", "[e2e][manual]") {
  Project project;
  const auto before = project.labs({"verify", "deploy"});
  INFO(before.out << before.err);
  CHECK(before.exit_code == 1);
  CHECK_THAT(before.out, Catch::Contains("checked by hand (labs tick):"));
  CHECK_THAT(before.out, Catch::Contains("labs tick deploy/cloud --evidence \"the public URL of your API\""));
  CHECK(test::item_marks(before.out).at("cloud") == "✗");

  const auto tick = project.labs({"tick", "cloud", "--evidence", "https://wine-api.example.com/docs"});
  INFO(tick.out << tick.err);
  REQUIRE(tick.exit_code == 0);
  CHECK_THAT(tick.out, Catch::Contains("ticked deploy/cloud") && Catch::Contains("Commit labs-evidence.yaml"));
  const std::string file = test::read_text(project.root / "labs-evidence.yaml");
  CHECK_THAT(file,
             Catch::Contains("deploy/cloud:") && Catch::Contains("evidence: \"https://wine-api.example.com/docs\""));
  REQUIRE(project.labs({"tick", "demo", "--evidence", "2026-11-20, with Anna"}).exit_code == 0);

  const auto after = project.labs({"verify", "deploy"});
  INFO(after.out);
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.out, Catch::Contains("https://wine-api.example.com/docs"));
  // Manual items come after the automatic ones, under their own heading.
  CHECK(after.out.find("checked by hand") < after.out.find("✓ cloud"));
  CHECK(after.out.find("✓ readme") < after.out.find("checked by hand"));
  const auto json = project.labs({"verify", "deploy", "--report", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"manual\": true") && Catch::Contains("\"manual\": false"));

  // A CI gate skips what only the learner vouches for, unless the lab allows it.
  const auto ci = project.labs({"verify", "deploy"}, {"CI=true"});
  INFO(ci.out);
  CHECK(ci.exit_code == 0);
  CHECK(test::item_marks(ci.out).at("cloud") == "–");
  CHECK(test::item_marks(ci.out).at("demo") == "✓");
  CHECK_THAT(ci.out, Catch::Contains("a CI gate does not count it"));

  REQUIRE(project.labs({"tick", "deploy/cloud", "--undo"}).exit_code == 0);
  CHECK_THAT(test::read_text(project.root / "labs-evidence.yaml"), !Catch::Contains("deploy/cloud"));
  CHECK(project.labs({"verify", "deploy"}).exit_code == 1);
}

TEST_CASE("manual items: tick refuses an automatic item, a missing evidence and a broken evidence file",
          "[e2e][manual]") {
  Project project;
  const auto automatic = project.labs({"tick", "readme", "--evidence", "done"});
  CHECK(automatic.exit_code == 2);
  CHECK_THAT(automatic.err, Catch::Contains("deploy/readme is checked by labs itself"));
  const auto bare = project.labs({"tick", "cloud"});
  CHECK(bare.exit_code == 2);
  CHECK_THAT(bare.err, Catch::Contains("give --evidence TEXT"));
  CHECK(project.labs({"tick", "cloud", "--evidence", "  "}).exit_code == 2);
  CHECK_THAT(project.labs({"tick", "clowd", "--evidence", "x"}).err, Catch::Contains("did you mean 'cloud'?"));

  std::ofstream(project.root / "labs-evidence.yaml") << "deploy/cloud: [not, a, tick\n";
  const auto broken = project.labs({"verify", "deploy"});
  CHECK(broken.exit_code == 1);
  CHECK(test::item_marks(broken.out).at("cloud") == "?");
  CHECK_THAT(broken.out, Catch::Contains("labs-evidence.yaml:"));
  CHECK(project.labs({"tick", "cloud", "--evidence", "x"}).exit_code == 3);

  // Evidence is never read or written through a symlink out of the repository.
  fs::remove(project.root / "labs-evidence.yaml");
  std::ofstream(project.temp.path() / "outside.yaml") << "deploy/cloud: {evidence: forged}\n";
  fs::create_symlink(project.temp.path() / "outside.yaml", project.root / "labs-evidence.yaml");
  CHECK(test::item_marks(project.labs({"verify", "deploy"}).out).at("cloud") != "✓");
  CHECK(project.labs({"tick", "cloud", "--evidence", "x"}).exit_code == 3);
  CHECK(test::read_text(project.temp.path() / "outside.yaml") == "deploy/cloud: {evidence: forged}\n");
}
