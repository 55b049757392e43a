// labs selftest: the whole shipped catalog proves itself against its
// reference solutions and starters; and a lab whose reference misses an item,
// whose starter already passes one, or that has no selftest is caught.
#include "support/engine.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/spec/catalog.hpp>
#include <labs/spec/loader.hpp>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("selftest: every shipped lab passes on its reference and fails on its starter", "[e2e][engine][selftest]") {
  test::prepare_engine();
  const Bundle bundle = load_bundle(embedded_lab_sources());
  TempDir temp;
  // The whole catalog with every cheat and variant starts many servers: a
  // deadline against a hang, not a speed limit (bench/ measures the speed).
  const auto run = run_labs({"--labs", LABS_SOURCE_DIR "/labs", "selftest", "all"}, temp.path(),
                            {test::engine_setting()}, "", std::chrono::minutes(25));
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains(fmt::format("{0} of {0} lab(s) proven", bundle.labs.size())));
  CHECK_THAT(run.out, !Catch::Contains("✗"));
}

namespace {

const char* const kLab = R"(schema: 1
id: readme
track: mlops
week: 1
title: A README
selftest: {reference: reference.sh, starter: starter.sh}
items:
  - id: readme
    text: A README
    verify:
      - file: {path: README.md}
  - id: license
    text: A LICENSE
    verify:
      - file: {path: LICENSE}
  - id: demo
    text: A demo given
    manual: {evidence: when}
)";

const char* const kScript = "set -e\nmkdir -p \"$1\" && cd \"$1\" && git init -q . && echo '# x' > README.md\n";

}  // namespace

TEST_CASE("selftest: a missing reference item, a passing starter item and a lab without selftest are caught",
          "[e2e][selftest]") {
  TempDir temp;
  const fs::path labs = temp.path() / "labs";
  fs::create_directories(labs);
  std::ofstream(labs / "readme.yaml") << kLab;
  std::ofstream(labs / "reference.sh") << kScript;  // no LICENSE
  std::ofstream(labs / "starter.sh") << kScript;    // but a README
  std::string other = kLab;
  other.replace(other.find("id: readme\n"), 11, "id: other\n");
  other.erase(other.find("selftest:"), other.find("items:") - other.find("selftest:"));
  std::ofstream(labs / "other.yaml") << other;

  const auto run = run_labs({"--labs", labs.string(), "selftest"}, temp.path());
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("✗ mlops/readme  2 item(s)"));
  CHECK_THAT(run.out, Catch::Contains("✗ reference reference.sh: passes 2 of 2 item(s)\n        license: fail — "));
  CHECK_THAT(run.out,
             Catch::Contains("✗ starter starter.sh: fails 2 of 2 item(s)\n        readme: passed, but it must not"));
  CHECK_THAT(run.out, !Catch::Contains("demo"));  // manual items are left out
  CHECK_THAT(run.out, Catch::Contains("✗ mlops/other: no selftest"));
  CHECK_THAT(run.out, Catch::Contains("0 of 2 lab(s) proven"));

  // Fixed, the lab is proven.
  std::ofstream(labs / "reference.sh") << std::string(kScript) + "touch LICENSE\n";
  std::ofstream(labs / "starter.sh") << "set -e\nmkdir -p \"$1\" && cd \"$1\" && git init -q .\n";
  const auto fixed = run_labs({"--labs", labs.string(), "selftest", "readme"}, temp.path());
  INFO(fixed.out << fixed.err);
  CHECK(fixed.exit_code == 0);
  CHECK_THAT(fixed.out, Catch::Contains("✓ mlops/readme  2 item(s): the reference passes each, the starter none"));

  std::ofstream(labs / "reference.sh") << "exit 3\n";
  CHECK_THAT(run_labs({"--labs", labs.string(), "selftest", "readme"}, temp.path()).out,
             Catch::Contains("reference.sh failed (exit 3)"));
  const auto builtin = run_labs({"selftest"}, temp.path());
  CHECK(builtin.exit_code == 2);
  CHECK_THAT(builtin.err, Catch::Contains("needs the lab files"));
}

TEST_CASE("selftest: a cheat must fail the items it names, a variant pass them, and both are counted",
          "[e2e][selftest]") {
  TempDir temp;
  const fs::path labs = temp.path() / "labs";
  fs::create_directories(labs);
  std::string lab = kLab;
  lab.replace(lab.find("selftest: {reference: reference.sh, starter: starter.sh}"),
              std::string("selftest: {reference: reference.sh, starter: starter.sh}").size(),
              "selftest:\n  reference: reference.sh\n  starter: starter.sh\n  cheats:\n"
              "    - {script: empty-license.sh, fails: [license]}\n"
              "    - {script: no-license.sh, fails: [license]}\n"
              "  variants:\n    - {script: licence-md.sh, passes: [readme]}\n");
  std::ofstream(labs / "readme.yaml") << lab;
  std::ofstream(labs / "reference.sh") << std::string(kScript) + "touch LICENSE\n";
  std::ofstream(labs / "starter.sh") << "set -e\nmkdir -p \"$1\" && cd \"$1\" && git init -q .\n";
  // A LICENSE of nothing: the file check lets it through, and selftest says so.
  std::ofstream(labs / "empty-license.sh") << std::string(kScript) + "touch LICENSE\n";
  std::ofstream(labs / "no-license.sh") << kScript;
  std::ofstream(labs / "licence-md.sh") << kScript;
  const auto run = run_labs({"--labs", labs.string(), "selftest", "readme"}, temp.path());
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out,
             Catch::Contains("✗ cheat empty-license.sh: fails license\n        license: passed, but it must not"));
  CHECK_THAT(run.out, Catch::Contains("✓ cheat no-license.sh: fails license"));
  CHECK_THAT(run.out, Catch::Contains("✓ variant licence-md.sh: passes readme"));
  CHECK_THAT(
      run.out,
      Catch::Contains("0 of 1 lab(s) proven; 1 of 2 cheat(s) caught, 1 of 1 variant(s) passed, 0 known gap(s) open"));

  // A known gap, named with open:, is shown but does not fail the lab; fixed, its note must go.
  std::string known = lab;
  known.replace(known.find("{script: empty-license.sh, fails: [license]}"),
                std::string("{script: empty-license.sh, fails: [license]}").size(),
                "{script: empty-license.sh, fails: [license], open: a LICENSE of nothing passes}");
  std::ofstream(labs / "readme.yaml") << known;
  const auto gap = run_labs({"--labs", labs.string(), "selftest", "readme"}, temp.path());
  INFO(gap.out);
  CHECK(gap.exit_code == 0);
  CHECK_THAT(gap.out, Catch::Contains("! cheat empty-license.sh: fails license — open: a LICENSE of nothing passes"));
  CHECK_THAT(gap.out, Catch::Contains("1 known gap(s) open"));
  std::ofstream(labs / "empty-license.sh") << kScript;
  const auto closed = run_labs({"--labs", labs.string(), "selftest", "readme"}, temp.path());
  CHECK(closed.exit_code == 1);
  CHECK_THAT(closed.out, Catch::Contains("now right: remove its open: note"));

  // A cheat naming an item the lab does not have is a lab error.
  lab.replace(lab.find("fails: [license]"), 16, "fails: [licence]");
  std::ofstream(labs / "readme.yaml") << lab;
  const auto typo = run_labs({"--labs", labs.string(), "selftest", "readme"}, temp.path());
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("names 'licence', which is no item of this lab"));
}

TEST_CASE("milestones: every line of both roadmaps' checklists is proven by items", "[milestones]") {
  const Bundle bundle = load_bundle(embedded_lab_sources());
  REQUIRE_FALSE(bundle.milestones.empty());
  for (const auto& milestone : bundle.milestones) {
    INFO(milestone.after << ": " << milestone.text);
    CHECK_FALSE(milestone.items.empty());
  }
}
