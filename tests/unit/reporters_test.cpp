// Every report format from one fixed result model, against golden files in
// tests/golden/ (LABS_UPDATE_GOLDEN=1 rewrites them after a deliberate
// change), and each checked by a real consumer: xmllint with the JUnit schema
// (tests/junit/junit.xsd) for JUnit, prove for
// TAP, the JSON parser for json and gradescope.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/report/report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace labkit;

namespace {

/// A lab with an item of each status; evidence with a location, learner
/// output that tries workflow commands, a cached step and a gate policy.
struct FixedRun {
  Lab lab;
  RunResult run;
  FixedRun() {
    lab.id = "docker-basics";
    lab.track = "mlops";
    lab.title = "Docker basics";
    lab.weeks = {2, 2};
    lab.days = DayRange{11, 14};
    lab.items.resize(4);
    lab.items[0] =
        Item{"dockerfile", "A Dockerfile", "Start FROM python:3.11-slim", 1, {}, {{"dockerfile", {}, nullptr}}};
    lab.items[1] = Item{"good-practice",
                        "Good practice | pinned",
                        "Pin the base image",
                        2,
                        {},
                        {{"dockerfile", {}, nullptr}, {"file", {}, nullptr}}};
    lab.items[2] = Item{"history", "Merged a branch", "", 1, {}, {{"git", {}, nullptr}}};
    lab.items[3] = Item{"image-runs", "The image runs", "docker build .", 1, {}, {{"container", {}, nullptr}}};

    run.info = {"0.1.0", "builtin", "sha1:fea3f04b1d6cc3a2392038b3f15dd954501eb411", "2026-11-22T10:00:00Z",
                "ci-runner-7"};
    run.repo = {"/home/learner/wine", "0123456789abcdef0123456789abcdef01234567", "main", {"this is a shallow clone"}};
    run.duration = std::chrono::microseconds(1'234'000);
    run.gate.min_percent = 50;
    LabResult result{&lab, {}};
    result.items.push_back({&lab.items[0],
                            Status::pass,
                            {{&lab.items[0].steps[0],
                              {Status::pass, "Dockerfile: 9 instruction(s)", "Dockerfile", 0},
                              std::chrono::microseconds(1500)}}});
    result.items.push_back(
        {&lab.items[1],
         Status::fail,
         {{&lab.items[1].steps[0],
           {Status::fail, "FROM python has no tag (DL3006)\n::error::injected by learner output", "Dockerfile", 1},
           std::chrono::microseconds(900)},
          {&lab.items[1].steps[1], {Status::pass, "ok"}, std::chrono::microseconds(100), true}}});
    result.items.push_back(
        {&lab.items[2],
         Status::error,
         {{&lab.items[2].steps[0], {Status::error, "history is shallow (1 commit visible): set fetch-depth: 0"}}}});
    result.items.push_back({&lab.items[3],
                            Status::skip,
                            {{&lab.items[3].steps[0], {Status::skip, "no container engine"}}},
                            "skipped: needs dockerfile #2"});
    run.labs.push_back(result);
  }
};

std::string render(const std::string& format, const RunResult& run) {
  std::ostringstream out;
  find_reporter_kind(format)->make(ReportOptions{false, false})->write(run, out);
  return out.str();
}

void check_golden(const std::string& name, const std::string& actual) {
  const auto path = std::filesystem::path(LABS_SOURCE_DIR) / "tests/golden" / name;
  if (const char* update = std::getenv("LABS_UPDATE_GOLDEN"); update && *update) test::write_text(path, actual);
  INFO("golden file " << path << " (LABS_UPDATE_GOLDEN=1 rewrites it)");
  CHECK(actual == test::read_source_file("tests/golden/" + name));
}

}  // namespace

TEST_CASE("reporters: every format matches its golden file", "[report]") {
  const FixedRun fixed;
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{{"text", "report.txt"},
                                                                                     {"json", "report.json"},
                                                                                     {"junit", "report.xml"},
                                                                                     {"tap", "report.tap"},
                                                                                     {"markdown", "report.md"},
                                                                                     {"github", "report.github"},
                                                                                     {"gradescope", "results.json"}}) {
    DYNAMIC_SECTION(format) { check_golden(file, render(format, fixed.run)); }
  }
}

TEST_CASE("reporters: real consumers accept the output", "[report]") {
  const FixedRun fixed;
  test::TempDir temp;
  SECTION("JUnit XML validates with xmllint against the JUnit schema, with a testcase per item") {
    test::write_text(temp.path() / "r.xml", render("junit", fixed.run));
    const std::string schema = std::string(LABS_SOURCE_DIR) + "/tests/junit/junit.xsd";
    CHECK(test::run_shell("xmllint --noout --schema " + schema + " " + (temp.path() / "r.xml").string() +
                          " 2>/dev/null") == 0);
    // The schema can fail: a testcase without its classname is refused.
    test::write_text(temp.path() / "bad.xml",
                     "<testsuites><testsuite name='a' tests='1' failures='0' errors='0'>"
                     "<testcase name='x'/></testsuite></testsuites>");
    CHECK(test::run_shell("xmllint --noout --schema " + schema + " " + (temp.path() / "bad.xml").string() +
                          " 2>/dev/null") != 0);
    CHECK(test::run_shell("test $(xmllint --xpath 'count(//testcase)' " + (temp.path() / "r.xml").string() + ") = 4") ==
          0);
  }
  SECTION("JUnit XML also passes Jenkins' xUnit schema and the strict Ant schema, which each refuse something") {
    test::write_text(temp.path() / "r.xml", render("junit", fixed.run));
    const auto validates = [&](const std::string& schema, const std::string& file) {
      return test::run_shell("xmllint --noout --schema " + std::string(LABS_SOURCE_DIR) + "/tests/junit/" + schema +
                             " " + (temp.path() / file).string() + " 2>/dev/null") == 0;
    };
    CHECK(validates("jenkins-xunit.xsd", "r.xml"));
    CHECK(validates("ant-strict.xsd", "r.xml"));
    // What each schema refuses: a total of skipped tests on <testsuites>
    // (Jenkins), a testsuite without its time stamp and host (Ant).
    test::write_text(temp.path() / "skipped-total.xml",
                     "<testsuites skipped='0'><testsuite name='a' tests='0'/></testsuites>");
    CHECK_FALSE(validates("jenkins-xunit.xsd", "skipped-total.xml"));
    test::write_text(temp.path() / "no-host.xml",
                     "<testsuites><testsuite name='a' tests='0' failures='0' errors='0' time='0'>"
                     "<properties/><system-out/><system-err/></testsuite></testsuites>");
    CHECK_FALSE(validates("ant-strict.xsd", "no-host.xml"));
  }
  SECTION("TAP passes prove only when nothing failed") {
    test::write_text(temp.path() / "r.tap", render("tap", fixed.run));
    CHECK(test::run_shell("prove -e cat " + (temp.path() / "r.tap").string() + " >/dev/null 2>&1") != 0);
    RunResult passing = fixed.run;
    passing.labs[0].items.erase(passing.labs[0].items.begin() + 1, passing.labs[0].items.begin() + 3);
    test::write_text(temp.path() / "ok.tap", render("tap", passing));
    CHECK(test::run_shell("prove -e cat " + (temp.path() / "ok.tap").string() + " >/dev/null 2>&1") == 0);
  }
  SECTION("json and gradescope parse, with the score and the gate") {
    const auto report = nlohmann::json::parse(render("json", fixed.run));
    CHECK(report["schema"] == "labs-report/1");
    CHECK(report["summary"]["points"] == 1);
    CHECK(report["gate"]["passed"] == false);
    const auto results = nlohmann::json::parse(render("gradescope", fixed.run));
    CHECK(results["score"] == 1);
    CHECK(results["max_score"] == 5);
    CHECK(results["tests"].size() == 4);
  }
}

TEST_CASE("github: every failing step is annotated, each finding at its own line", "[report][github]") {
  FixedRun fixed;
  auto& dockerfile = fixed.run.labs[0].items[1].steps[0].outcome;
  dockerfile.evidence =
      "Dockerfile:1: FROM python has no tag (DL3006)\nDockerfile:7: the last USER is root (DL3002)\n"
      "/etc/passwd:1: not the project's\n../outside:2: not the project's either";
  const std::string annotations = render("github", fixed.run);
  INFO(annotations);
  CHECK_THAT(annotations, Catch::Contains("::error file=Dockerfile,line=1,title=labs docker-basics/good-practice::FROM "
                                          "python has no tag (DL3006)%0Ahint: Pin the base image\n"));
  CHECK_THAT(annotations, Catch::Contains("::error file=Dockerfile,line=7,title=labs docker-basics/good-practice::the "
                                          "last USER is root (DL3002)%0Ahint: Pin the base image\n"));
  CHECK_THAT(annotations, !Catch::Contains("file=/etc/passwd") && !Catch::Contains("file=../outside"));
  // A step about no file is still annotated, on the run, and the shallow clone is a warning.
  CHECK_THAT(annotations, Catch::Contains("::warning title=labs docker-basics/history::history is shallow"));
  CHECK_THAT(annotations, Catch::StartsWith("::warning title=labs::this is a shallow clone\n"));
}

TEST_CASE("gate: thresholds, required items and --strict decide the exit code", "[report][gate]") {
  FixedRun fixed;
  RunResult& run = fixed.run;
  run.labs[0].items.erase(run.labs[0].items.begin() + 2);  // no error item: only fail and skip remain
  run.gate = {};
  CHECK(run.exit_code() == 1);  // by default a failed item fails the gate
  run.gate.min_score = 1;
  CHECK(run.gate_problems().empty());
  CHECK(run.exit_code() == 0);
  run.gate.min_score = 2;
  CHECK(run.gate_problems() == std::vector<std::string>{"score 1 is below the required 2"});
  run.gate = {};
  run.gate.min_percent = 25;
  CHECK(run.exit_code() == 0);  // 1 of 4 points
  run.gate.min_percent = 25.1;
  CHECK(run.exit_code() == 1);
  run.gate.min_percent = 0;
  run.gate.require = {"good-practice"};
  CHECK(run.gate_problems() == std::vector<std::string>{"required item 'good-practice' is not done"});
  run.gate.require = {"no-such-item"};
  CHECK(run.gate_problems() ==
        std::vector<std::string>{"required item 'no-such-item' was not among the selected labs"});
  run.gate.require = {};
  run.gate.strict = true;
  CHECK(run.gate_problems() == std::vector<std::string>{"1 item(s) skipped (--strict)"});
}
