// End to end: the CI gate — report files, GitHub's fenced output with
// annotations and job summary, and a shallow clone as actions/checkout makes it.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;

namespace {

/// A project, and a lab with a passing item, one whose probe prints workflow
/// commands and fails, and one about the history (three commits).
struct GateProject {
  TempDir temp;
  TestRepo repo{temp.path() / "project"};
  std::filesystem::path labs = temp.path() / "labs";
  GateProject() {
    for (int n = 1; n <= 3; ++n) {
      repo.write("step" + std::to_string(n) + ".txt", "step\n");
      repo.commit("Step " + std::to_string(n));
    }
    test::write_text(labs / "lab.yaml",
                     test::lab_yaml("gate", 1,
                                    {{"readme", "git: {tracked: [step1.txt]}"},
                                     {"hostile", "command: {run: 'echo ::error::pwned; echo ::add-mask::x; exit 1'}"},
                                     {"history", "git: {commits: {min: 3}}"}}));
  }
};

}  // namespace

TEST_CASE("gate e2e: report files are written whole, several at once", "[e2e][gate]") {
  GateProject p;
  const auto json = p.temp.path() / "labs.json";
  const auto junit = p.temp.path() / "labs.xml";
  const auto run = run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "json:" + json.string(),
                             "--report", "junit:" + junit.string()},
                            p.temp.path() / "project");
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("2 of 3 items done"));  // text still on the terminal
  const auto report = nlohmann::json::parse(test::read_text(json));
  CHECK(report["labs"][0]["items"][1]["status"] == "fail");
  CHECK(report["repo"]["commit"].get<std::string>().size() == 40);
  CHECK(test::run_shell("xmllint --noout " + junit.string()) == 0);

  const auto unwritable =
      run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "json:/nonexistent/dir/r.json"},
               p.temp.path() / "project");
  CHECK(unwritable.exit_code == 3);
  CHECK_THAT(unwritable.err, Catch::Contains("cannot write the json report to /nonexistent/dir/r.json"));
  const auto unknown =
      run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "jsn"}, p.temp.path() / "project");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown format 'jsn' (did you mean 'json'?)"));
}

TEST_CASE("gate e2e: a report to a pipe or a device is written into it, which stays what it was", "[e2e][gate]") {
  GateProject p;
  const auto fifo = p.temp.path() / "reports.fifo";
  const auto received = p.temp.path() / "received.json";
  REQUIRE(test::run_shell("mkfifo " + fifo.string()) == 0);
  // A reader on the FIFO, as a CI step piping the report on would be.
  REQUIRE(test::run_shell("timeout 20 cat " + fifo.string() + " > " + received.string() + " &") == 0);
  const auto run = run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "json:" + fifo.string(),
                             "--report", "tap:/dev/stdout"},
                            p.temp.path() / "project");
  CHECK(run.exit_code == 1);
  CHECK(std::filesystem::is_fifo(fifo));
  CHECK_THAT(run.out, Catch::Contains("TAP version 13"));
  for (int i = 0; i < 50 && !nlohmann::json::accept(test::read_text(received)); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(nlohmann::json::parse(test::read_text(received))["labs"][0]["items"][1]["status"] == "fail");
}

TEST_CASE("gate e2e: on GitHub, learner output cannot issue workflow commands", "[e2e][gate]") {
  GateProject p;
  const auto summary = p.temp.path() / "summary.md";
  const auto run = run_labs({"--labs", p.labs.string(), "verify", "week1", "-v"}, p.temp.path() / "project",
                            {"GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY=" + summary.string()});
  CHECK(run.exit_code == 1);
  std::istringstream lines(run.out);
  std::string line, token;
  bool fenced = false, saw_probe_output = false;
  while (std::getline(lines, line)) {
    if (line.rfind("::stop-commands::", 0) == 0) {
      token = line.substr(17);
      fenced = true;
    } else if (fenced && line == "::" + token + "::") {
      fenced = false;
    } else if (line.starts_with("::error title=labs gate/hostile::")) {
      // labs' own annotation: the probe's text is its escaped data, on one line.
      CHECK_THAT(line, Catch::Contains("%0A::add-mask::"));
    } else if (line.find("::error::pwned") != std::string::npos || line.find("::add-mask::") != std::string::npos) {
      saw_probe_output = true;
      CHECK(fenced);  // every line a workflow command could hide in is inside the fence
    }
  }
  CHECK(saw_probe_output);
  CHECK(token.size() > 10);
  CHECK_THAT(test::read_text(summary), Catch::StartsWith("## labs: 2 of 3 items done"));
}

TEST_CASE("gate e2e: on GitHub, learner strings in labs' messages on stderr cannot issue workflow commands",
          "[e2e][gate]") {
  GateProject p;
  p.repo.write(".labs.yaml", "track: \"x\\n::set-output name=a::b\"\nverify: [\"week1\\n  ::add-mask::y\"]\n");
  const auto command_lines = [](const std::string& text) {
    std::istringstream lines(text);
    int commands = 0;
    for (std::string line; std::getline(lines, line);) {
      const auto first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line.compare(first, 2, "::") == 0) ++commands;
    }
    return commands;
  };
  const auto guarded = run_labs({"--labs", p.labs.string(), "verify"}, p.repo.dir(), {"GITHUB_ACTIONS=true"});
  CHECK(guarded.exit_code == 2);
  CHECK_THAT(guarded.err, Catch::Contains("set-output name=a::b") || Catch::Contains("add-mask::y"));
  CHECK(command_lines(guarded.err) == 0);
  // The same message elsewhere is printed as it is: the guard is what made the difference.
  const auto plain = run_labs({"--labs", p.labs.string(), "verify"}, p.repo.dir());
  CHECK(command_lines(plain.err) > 0);
}

TEST_CASE("gate e2e: on GitHub, a machine format on stdout stays that format, annotations go to stderr",
          "[e2e][gate]") {
  GateProject p;
  test::write_text(p.labs / "lab.yaml", test::lab_yaml("gate", 1,
                                                       {{"readme", "git: {tracked: [step1.txt]}"},
                                                        {"content", "file: {path: step2.txt, contains: [finished]}"}}));
  const std::vector<std::string> github{"GITHUB_ACTIONS=true"};
  const auto json =
      run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "json"}, p.temp.path() / "project", github);
  CHECK(json.exit_code == 1);
  INFO(json.out);
  REQUIRE(nlohmann::json::accept(json.out));
  CHECK(nlohmann::json::parse(json.out)["labs"][0]["items"][1]["status"] == "fail");
  CHECK_THAT(json.err, Catch::Contains("::error file=step2.txt"));

  const auto markdown = run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "markdown"},
                                 p.temp.path() / "project", github);
  CHECK_THAT(markdown.out, Catch::StartsWith("## labs: 1 of 2 items done"));
  CHECK_THAT(markdown.out, !Catch::Contains("::stop-commands::") && !Catch::Contains("::error file="));

  // Asked for on stdout, the annotations are printed once.
  const auto annotations =
      run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "github"}, p.temp.path() / "project", github);
  std::size_t count = 0;
  for (std::size_t at = 0; (at = annotations.out.find("::error file=", at)) != std::string::npos; ++at) ++count;
  CHECK(count == 1);
  CHECK_THAT(annotations.err, !Catch::Contains("::error"));
}

TEST_CASE("gate e2e: a shallow clone makes history checks errors, not learner failures", "[e2e][gate]") {
  GateProject p;
  const auto clone = p.temp.path() / "clone";
  REQUIRE(test::run_shell("git clone -q --depth 1 file://" + (p.temp.path() / "project").string() + " " +
                          clone.string()) == 0);
  const auto json = p.temp.path() / "labs.json";
  const auto run = run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "json:" + json.string(),
                             "--require", "readme", "--min-score", "1"},
                            clone);
  INFO(run.out << run.err);
  const auto report = nlohmann::json::parse(test::read_text(json));
  const auto& items = report["labs"][0]["items"];
  CHECK(items[0]["status"] == "pass");
  CHECK(items[2]["status"] == "error");
  CHECK_THAT(items[2]["steps"][0]["evidence"].get<std::string>(), Catch::Contains("fetch-depth: 0"));
  CHECK_THAT(report["repo"]["notices"][0].get<std::string>(), Catch::Contains("shallow clone"));
  // An unverifiable history fails the gate whatever the score: it is not passed silently.
  CHECK(run.exit_code == 1);
  CHECK(report["gate"]["problems"][0] == "1 item(s) could not be checked");
}

TEST_CASE("gate e2e: a local-only item is skipped in CI and checked elsewhere", "[e2e][gate]") {
  GateProject p;
  test::write_text(p.labs / "lab.yaml",
                   "schema: 1\nid: local\ntrack: mlops\nweek: 1\ntitle: Local\nitems:\n"
                   "  - id: venv\n    text: A virtualenv\n    local_only: true\n    verify:\n"
                   "      - file: {path: .venv/pyvenv.cfg}\n");
  const auto local = run_labs({"--labs", p.labs.string(), "verify", "week1"}, p.temp.path() / "project");
  CHECK(local.exit_code == 1);
  CHECK_THAT(local.out, Catch::Contains("✗ venv"));
  const auto ci = run_labs({"--labs", p.labs.string(), "verify", "week1"}, p.temp.path() / "project", {"CI=true"});
  CHECK(ci.exit_code == 0);
  CHECK_THAT(ci.out, Catch::Contains("– venv") &&
                         Catch::Contains("skipped in CI: it can only be proven on the learner's machine"));
  // Out of the maximum, of --strict and of --min-percent: a complete project passes every gate in CI.
  const auto strict = run_labs({"--labs", p.labs.string(), "verify", "week1", "--strict", "--min-percent", "100"},
                               p.temp.path() / "project", {"CI=true"});
  CHECK(strict.exit_code == 0);
  CHECK_THAT(strict.out, Catch::Contains("0 of 1 items done · 0/0 points · 1 not checkable here, out of the maximum"));
  CHECK_THAT(strict.out, Catch::Contains("gate: passed"));
}

TEST_CASE("gate e2e: in CI, local-only and uncounted manual items are out of every maximum alike", "[e2e][gate]") {
  GateProject p;
  test::write_text(p.labs / "lab.yaml",
                   "schema: 1\nid: mixed\ntrack: mlops\nweek: 1\ntitle: Mixed\nitems:\n"
                   "  - id: readme\n    text: Steps\n    points: 2\n    verify:\n      - git: {tracked: [step1.txt]}\n"
                   "  - id: venv\n    text: A virtualenv\n    local_only: true\n    verify:\n"
                   "      - file: {path: .venv/pyvenv.cfg}\n"
                   "  - id: demo\n    text: Demo shown\n    manual: {evidence: the date}\n");
  const auto json = p.temp.path() / "labs.json";
  const auto run = run_labs({"--labs", p.labs.string(), "verify", "week1", "--min-percent", "100", "--strict",
                             "--report", "json:" + json.string(), "--report", "markdown"},
                            p.temp.path() / "project", {"GITLAB_CI=true"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::StartsWith("## labs: 1 of 3 items done · 2/2 points · 2 not checkable here"));
  const auto report = nlohmann::json::parse(test::read_text(json));
  CHECK(report["summary"]["max_points"] == 2);
  CHECK(report["summary"]["out_of_context"] == 2);
  CHECK(report["summary"]["skipped"] == 0);
  CHECK(report["labs"][0]["items"][2]["out_of_context"] == true);
  // Outside CI both count: the manual item is not ticked and the virtualenv is missing.
  const auto local =
      run_labs({"--labs", p.labs.string(), "verify", "week1", "--min-percent", "100"}, p.temp.path() / "project");
  CHECK(local.exit_code == 1);
  CHECK_THAT(local.out, Catch::Contains("1 of 3 items done · 2/4 points"));
}

TEST_CASE("gate e2e: --require takes ITEM, LAB/ITEM or SELECTOR/ITEM, and a name of nothing is bad usage",
          "[e2e][gate]") {
  GateProject p;
  const auto gate = [&](const std::string& required, const std::vector<std::string>& environment = {}) {
    return run_labs({"--labs", p.labs.string(), "verify", "week1", "--require", required, "--min-score", "1"},
                    p.temp.path() / "project", environment);
  };
  for (const char* form : {"readme", "gate/readme", "week1/readme"}) {
    INFO(form);
    CHECK(gate(form).exit_code == 0);
  }
  const auto hostile = gate("week1/hostile");
  CHECK(hostile.exit_code == 1);
  CHECK_THAT(hostile.out, Catch::Contains("required item 'gate/hostile' is not done"));
  const auto nothing = gate("nonexistent");
  CHECK(nothing.exit_code == 2);
  CHECK_THAT(nothing.err, Catch::Contains("--require nonexistent: no item nonexistent among the selected labs"));
  CHECK(gate("week2/readme").exit_code == 2);

  test::write_text(p.labs / "lab.yaml",
                   "schema: 1\nid: local\ntrack: mlops\nweek: 1\ntitle: Local\nitems:\n"
                   "  - id: venv\n    text: A virtualenv\n    local_only: true\n    verify:\n"
                   "      - file: {path: .venv/pyvenv.cfg}\n");
  const auto in_ci = gate("venv", {"CI=true"});
  CHECK(in_ci.exit_code == 2);
  CHECK_THAT(in_ci.err, Catch::Contains("cannot be checked in CI") && Catch::Contains("could never pass"));
}

TEST_CASE("gate e2e: on a pull request, the branch's head is judged, not the merge commit the CI made", "[e2e][gate]") {
  GateProject p;  // three commits on main, no merge
  p.repo.create_branch("feature");
  p.repo.checkout("feature");
  p.repo.write("work.txt", "the learner's work\n");
  p.repo.commit("My work");  // the pull request's head: four commits, no merge
  p.repo.checkout("main");
  // What actions/checkout does on pull_request: a merge of the PR head into the target (parents: target, head).
  const std::string synthetic = p.repo.merge("feature", "Merge abc into def");
  test::write_text(
      p.labs / "lab.yaml",
      test::lab_yaml("gate", 1, {{"merged", "git: {merges: {min: 1}}"}, {"history", "git: {commits: {max: 4}}"}}));
  const std::vector<std::string> verify{"--labs", p.labs.string(), "verify", "week1", "--report", "json"};
  const auto pull =
      run_labs(verify, p.temp.path() / "project", {"GITHUB_ACTIONS=true", "GITHUB_EVENT_NAME=pull_request"});
  INFO(pull.out << pull.err);
  REQUIRE(nlohmann::json::accept(pull.out));
  const auto report = nlohmann::json::parse(pull.out);
  CHECK(report["labs"][0]["items"][0]["status"] == "fail");  // the learner merged nothing
  CHECK(report["labs"][0]["items"][1]["status"] == "pass");  // their 4 commits, not the merge's 5
  CHECK(report["repo"]["commit"] != synthetic);
  CHECK_THAT(
      report["repo"]["notices"][0].get<std::string>(),
      Catch::Contains("pull-request run: judged the head of your branch") && Catch::Contains(synthetic.substr(0, 12)));
  // A push run judges HEAD as it is.
  const auto push = run_labs(verify, p.temp.path() / "project", {"GITHUB_ACTIONS=true", "GITHUB_EVENT_NAME=push"});
  CHECK(nlohmann::json::parse(push.out)["labs"][0]["items"][0]["status"] == "pass");
  CHECK(nlohmann::json::parse(push.out)["repo"]["commit"] == synthetic);
}

TEST_CASE("gate e2e: a learner's .labs.yaml picks defaults but cannot change the checks", "[e2e][gate]") {
  GateProject p;
  p.repo.write(".labs.yaml", "verify: [week1/readme]\n");
  p.repo.commit("Pick my lab");
  const auto defaults = run_labs({"--labs", p.labs.string(), "verify"}, p.temp.path() / "project");
  CHECK(defaults.exit_code == 0);
  CHECK_THAT(defaults.out, Catch::Contains("1 of 1 items done"));
  p.repo.write(".labs.yaml", "verify: [week1]\nlabs: ./my-easier-labs\n");
  const auto refused = run_labs({"--labs", p.labs.string(), "verify"}, p.temp.path() / "project");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err,
             Catch::Contains(".labs.yaml:2:1: unknown key 'labs'") &&
                 Catch::Contains("may only set defaults (track, verify, train); the checks come from the labs bundle"));
  p.repo.write(".labs.yaml", "");
  const auto none = run_labs({"--labs", p.labs.string(), "verify"}, p.temp.path() / "project");
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("name the labs to verify"));
}

TEST_CASE("gate e2e: .labs.yaml is read at the root of the repository libgit2 finds, from any folder", "[e2e][gate]") {
  GateProject p;
  p.repo.write(".labs.yaml", "verify: [week1/readme]\n");
  p.repo.write("notebooks/analysis.md", "# notes\n");
  p.repo.commit("Pick my lab");
  // An empty .git folder (a half-made `git init`, say) is no repository: the
  // search goes on to the real one, and so does the search for .labs.yaml.
  std::filesystem::create_directories(p.temp.path() / "project" / "notebooks" / ".git");
  const auto from_below = run_labs({"--labs", p.labs.string(), "verify"}, p.temp.path() / "project" / "notebooks");
  CHECK(from_below.exit_code == 0);
  CHECK_THAT(from_below.out, Catch::Contains("1 of 1 items done"));
}

TEST_CASE("gate e2e: an ungradeable submission still gets a Gradescope results.json saying why", "[e2e][gate]") {
  GateProject p;
  const auto results = p.temp.path() / "results.json";
  const auto read_output = [&] {
    const auto written = nlohmann::json::parse(test::read_text(results));
    CHECK(written["score"] == 0);
    return written["output"].get<std::string>();
  };

  p.repo.write(".labs.yaml", "track: [not, a, name]\n");
  const auto bad_defaults = run_labs(
      {"--labs", p.labs.string(), "verify", "week1", "--report", "gradescope:" + results.string()}, p.repo.dir());
  CHECK(bad_defaults.exit_code == 2);
  CHECK_THAT(read_output(), Catch::Contains(".labs.yaml") && Catch::Contains("could not check this submission"));

  p.repo.remove(".labs.yaml");
  const auto outside = run_labs(
      {"--labs", p.labs.string(), "verify", "week1", "--report", "gradescope:" + results.string()}, p.temp.path());
  CHECK(outside.exit_code == 3);
  CHECK_THAT(read_output(), Catch::Contains("not a git repository"));

  // A run that reached the repository writes its real results, whatever the exit.
  const auto graded = run_labs(
      {"--labs", p.labs.string(), "verify", "week1", "--report", "gradescope:" + results.string()}, p.repo.dir());
  CHECK(graded.exit_code == 1);
  CHECK(nlohmann::json::parse(test::read_text(results))["tests"].size() == 3);

  // Other formats have no refusal: nothing is written for them.
  const auto json = p.temp.path() / "labs.json";
  run_labs({"--labs", p.labs.string(), "verify", "week1", "--report", "json:" + json.string()}, p.temp.path());
  CHECK_FALSE(std::filesystem::exists(json));
}
