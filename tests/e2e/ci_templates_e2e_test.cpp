// Every shipped CI template run as its CI would run it, on the sample project
// (which completes the track) and on a broken variant of it: the composite
// action with the example workflow's inputs, the GitLab template, the GitHub
// grading matrix with its merge, and the Kubernetes Jobs' commands. The
// commands are read from the templates themselves, so a template that drifts
// from labs fails here.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

using namespace labkit;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

YAML::Node load(const std::string& relative) { return YAML::Load(test::read_source_file(relative)); }

YAML::Node step_named(const YAML::Node& steps, const std::string& name) {
  for (const auto& step : steps) {
    if (step["name"] && step["name"].as<std::string>() == name) return step;
  }
  FAIL("no step named " << name);
  return {};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

/// The percent column of a learner's row in grades.csv (every field quoted,
/// none holding a quote or a comma here); -1 when there is no such row.
double percent_of(const std::string& csv, const std::string& student) {
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("\"" + student + "\",")) continue;
    std::vector<std::string> fields;
    for (std::size_t at = 0; at < line.size();) {
      const std::size_t end = line.find("\",\"", at);
      fields.push_back(line.substr(at + 1, (end == std::string::npos ? line.rfind('"') : end) - at - 1));
      if (end == std::string::npos) break;
      at = end + 2;
    }
    return fields.size() > 9 && !fields[9].empty() ? std::stod(fields[9]) : -1;
  }
  return -1;
}

/// A CI machine: `labs` on PATH, a home of its own (templates run git config
/// --global), no container engine (a runner without Docker: the results do
/// not depend on which images this machine has cached), the sample project and
/// a broken copy (its notes removed, its Dockerfile too), both committed
/// before `date`.
struct CiMachine {
  TempDir temp;
  fs::path bin = temp.path() / "bin";
  fs::path home = temp.path() / "home";
  fs::path sample = temp.path() / "sample";
  fs::path broken = temp.path() / "broken";
  explicit CiMachine(const std::string& date = "") {
    fs::create_directories(bin);
    fs::create_directories(home);
    fs::create_symlink(LABS_BINARY, bin / "labs");
    for (const char* engine : {"podman", "docker"}) {
      test::write_text(bin / engine, "#!/bin/sh\necho 'no container engine on this runner' >&2\nexit 127\n");
      fs::permissions(bin / engine, fs::perms::owner_all);
    }
    const std::string dated = date.empty() ? "" : "GIT_AUTHOR_DATE='" + date + "' GIT_COMMITTER_DATE='" + date + "' ";
    REQUIRE(test::run_shell(dated + "bash " LABS_SOURCE_DIR "/examples/make-sample-repo.sh " + sample.string() +
                            " >/dev/null") == 0);
    REQUIRE(test::run_shell(
                "git clone -q " + sample.string() + " " + broken.string() + " && cd " + broken.string() +
                " && git rm -q -r notes Dockerfile && " + dated +
                "git -c user.name=L -c user.email=l@example.com commit -qm 'Remove notes and Dockerfile'") == 0);
  }
  /// Runs `script` with bash in `folder` with the CI's variables; its exit code.
  int run(const std::string& script, const fs::path& folder,
          const std::map<std::string, std::string>& variables) const {
    const fs::path file = temp.path() / "step.sh";
    test::write_text(file, script);
    std::string environment = "HOME=" + home.string() + " PATH=" + bin.string() + ":$PATH ";
    for (const auto& [name, value] : variables) environment += name + "='" + value + "' ";
    return test::run_shell("cd " + folder.string() + " && " + environment + "bash " + file.string() + " > " +
                           (temp.path() / "step.out").string() + " 2>&1");
  }
  std::string output() const { return test::read_text(temp.path() / "step.out"); }
};

}  // namespace

TEST_CASE("ci templates: the action with the example workflow's inputs passes the sample and fails a broken copy",
          "[e2e][ci-kit]") {
  CiMachine machine;
  const YAML::Node workflow = load("ci/github/labs.yml");
  YAML::Node inputs;
  for (const auto& step : workflow["jobs"]["verify"]["steps"])
    if (step["uses"] && step["uses"].as<std::string>().ends_with("/labs@v1")) inputs = step["with"];
  REQUIRE(inputs.IsMap());
  const YAML::Node action = load("action.yml");
  const std::string verify = step_named(action["runs"]["steps"], "Verify")["run"].as<std::string>();
  // The runner's layout: the binary where the action's build step puts it.
  fs::create_directories(machine.temp.path() / "runner/labs-build");
  fs::create_symlink(LABS_BINARY, machine.temp.path() / "runner/labs-build/labs");
  const std::map<std::string, std::string> variables{
      {"GITHUB_ACTIONS", "true"},
      {"RUNNER_TEMP", (machine.temp.path() / "runner").string()},
      {"SELECTOR", inputs["selector"].as<std::string>()},
      {"LABS_FOLDER", ""},
      {"MIN_PERCENT", inputs["min-percent"].as<std::string>()},
      {"STRICT",
       inputs["strict"] ? inputs["strict"].as<std::string>() : action["inputs"]["strict"]["default"].as<std::string>()},
      {"REPORTS", action["inputs"]["reports"]["default"].as<std::string>()}};
  CHECK(machine.run(verify, machine.sample, variables) == 0);
  INFO(machine.output());
  CHECK(test::run_shell("xmllint --noout " + (machine.sample / "labs-reports/labs.xml").string()) == 0);
  CHECK(machine.run(verify, machine.broken, variables) == 1);
}

TEST_CASE("ci templates: the GitLab template passes the sample and fails a broken copy", "[e2e][ci-kit]") {
  CiMachine machine;
  const YAML::Node gitlab = load("ci/gitlab/labs.gitlab-ci.yml");
  std::string script;
  for (const auto& line : gitlab["labs"]["script"]) script += line.as<std::string>() + "\n";
  std::map<std::string, std::string> variables{{"GITLAB_CI", "true"}, {"CI", "true"}};
  for (const auto& variable : gitlab["variables"])
    variables[variable.first.as<std::string>()] = variable.second.as<std::string>();
  variables["CI_PROJECT_DIR"] = machine.sample.string();
  CHECK(machine.run("set -e\n" + script, machine.sample, variables) == 0);
  INFO(machine.output());
  CHECK(test::run_shell("xmllint --noout " + (machine.sample / "labs.xml").string()) == 0);
  variables["CI_PROJECT_DIR"] = machine.broken.string();
  CHECK(machine.run("set -e\n" + script, machine.broken, variables) == 1);
}

TEST_CASE("ci templates: the GitHub grading matrix and its merge grade the sample above a broken copy",
          "[e2e][ci-kit][grade]") {
  CiMachine machine;
  const fs::path instructors = machine.temp.path() / "instructors";
  fs::create_directories(instructors);
  test::write_text(instructors / "roster.csv",
                   "student,repo\nsam," + machine.sample.string() + "\nbo," + machine.broken.string() + "\n");
  const YAML::Node workflow = load("ci/github/grade-matrix.yml");
  const YAML::Node shards = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"];
  const std::string grade = step_named(workflow["jobs"]["shard"]["steps"],
                                       "Grade shard ${{ matrix.shard }} of " + std::to_string(shards.size()))["run"]
                                .as<std::string>();
  for (const auto& shard : shards) {
    const std::string script = replaced(grade, "${{ matrix.shard }}", shard.as<std::string>());
    CHECK(machine.run(script, instructors, {{"GITHUB_ACTIONS", "true"}, {"SELECTOR", "week1"}, {"DEADLINE", ""}}) == 0);
    INFO(machine.output());
  }
  const std::string merge = step_named(workflow["jobs"]["merge"]["steps"], "Merge the shards")["run"].as<std::string>();
  CHECK(machine.run(merge, instructors, {{"GITHUB_ACTIONS", "true"}}) == 0);
  INFO(machine.output());
  const std::string grades = test::read_text(instructors / "gradebook/grades.csv");
  INFO(grades);
  CHECK(percent_of(grades, "sam") == 100.0);
  CHECK(percent_of(grades, "bo") < 100.0);
  CHECK(fs::exists(instructors / "gradebook/feedback/bo.md"));
}

TEST_CASE("ci templates: the Kubernetes Jobs' commands grade shards and merge them", "[e2e][ci-kit][grade]") {
  // Committed before the Job's deadline, as a class's work is.
  CiMachine machine("2026-11-20T10:00:00Z");
  const fs::path grades = machine.temp.path() / "grades";
  fs::create_directories(grades);
  test::write_text(grades / "roster.csv",
                   "student,repo\nsam," + machine.sample.string() + "\nbo," + machine.broken.string() + "\n");
  const YAML::Node job = load("ci/kubernetes/grade-job.yaml");
  const YAML::Node container = job["spec"]["template"]["spec"]["containers"][0];
  std::string completions;
  for (const auto& variable : container["env"])
    if (variable["name"].as<std::string>() == "JOB_COMPLETIONS") completions = variable["value"].as<std::string>();
  // The volume's mount point is a folder here; the rest is the Job's own command.
  const std::string command = replaced(container["args"][0].as<std::string>(), "/grades", grades.string());
  for (int index = 0; index < std::stoi(completions); ++index) {
    CHECK(machine.run(command + " || test $? -eq 1", machine.temp.path(),
                      {{"JOB_COMPLETION_INDEX", std::to_string(index)}, {"JOB_COMPLETIONS", completions}}) == 0);
    INFO(machine.output());
  }
  const YAML::Node merge = load("ci/kubernetes/merge-job.yaml");
  const std::string merge_command = replaced(
      merge["spec"]["template"]["spec"]["containers"][0]["args"][0].as<std::string>(), "/grades", grades.string());
  CHECK(machine.run(merge_command, machine.temp.path(), {}) == 0);
  INFO(machine.output());
  const std::string book = test::read_text(grades / "week2/all/grades.csv");
  INFO(book);
  CHECK(percent_of(book, "sam") > percent_of(book, "bo"));
  CHECK(fs::exists(grades / "week2/all/report.html"));
}
