// The adoption kit (action.yml, ci/github/labs.yml, ci/gitlab/labs.gitlab-ci.yml,
// ci/Dockerfile) checked statically, and the action's verify script run for
// real against the built binary.
#include "support/check_harness.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <regex>
#include <set>

using namespace labkit;

namespace {

const std::filesystem::path kSource = LABS_SOURCE_DIR;

YAML::Node load(const std::string& relative) { return YAML::Load(test::read_source_file(relative)); }

YAML::Node step_named(const YAML::Node& steps, const std::string& name) {
  for (const auto& step : steps) {
    if (step["name"] && step["name"].as<std::string>() == name) return step;
  }
  FAIL("no step named " << name);
  return {};
}

}  // namespace

TEST_CASE("adoption kit: the composite action declares what it uses", "[ci-kit]") {
  const std::string text = test::read_source_file("action.yml");
  const YAML::Node action = YAML::Load(text);
  CHECK(action["runs"]["using"].as<std::string>() == "composite");
  CHECK(action["inputs"]["selector"]["required"].as<bool>());
  std::set<std::string> used;
  const std::regex input_reference(R"(\$\{\{\s*inputs\.([a-z-]+)\s*\}\})");
  for (std::sregex_iterator match(text.begin(), text.end(), input_reference), end; match != end; ++match) {
    used.insert((*match)[1].str());
  }
  CHECK_FALSE(used.empty());
  for (const auto& name : used) {
    INFO("input " << name);
    CHECK(action["inputs"][name].IsDefined());
  }
  for (const auto& step : action["runs"]["steps"]) {
    CHECK(step["shell"].as<std::string>() == "bash");  // composite run steps must name their shell
  }
  CHECK(std::filesystem::exists(kSource / "scripts/install-deps.sh"));
  CHECK_THAT(step_named(action["runs"]["steps"], "Verify")["run"].as<std::string>(),
             Catch::Contains("--report \"junit:") && Catch::Contains("--report \"json:"));
}

TEST_CASE("adoption kit: the action's verify script gates a real repository", "[ci-kit][e2e]") {
  test::TempDir temp;
  test::TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# project\n");
  repo.commit("Start");
  test::write_text(
      temp.path() / "labs/lab.yaml",
      test::lab_yaml("kit", 1, {{"readme", "git: {tracked: [README.md]}"}, {"notes", "file: {path: NOTES.md}"}}));
  // The runner's layout: the binary where the build step puts it.
  std::filesystem::create_directories(temp.path() / "runner/labs-build");
  std::filesystem::create_symlink(LABS_BINARY, temp.path() / "runner/labs-build/labs");
  const std::string script = load("action.yml")["runs"]["steps"][2]["run"].as<std::string>();
  test::write_text(temp.path() / "verify.sh", script);
  const auto run_with = [&](const std::string& min_percent) {
    return test::run_shell(
        "cd " + (temp.path() / "project").string() + " && RUNNER_TEMP=" + (temp.path() / "runner").string() +
        " SELECTOR='week1' LABS_FOLDER=" + (temp.path() / "labs").string() + " MIN_PERCENT=" + min_percent +
        " STRICT=false REPORTS=out bash " + (temp.path() / "verify.sh").string() + " >/dev/null");
  };
  CHECK(run_with("") != 0);    // one of two items missing: the gate fails
  CHECK(run_with("50") == 0);  // half the points are enough
  CHECK(std::filesystem::exists(temp.path() / "project/out/labs.xml"));
  CHECK(std::filesystem::exists(temp.path() / "project/out/labs.json"));
}

TEST_CASE("adoption kit: the example workflow and the GitLab template fetch the whole history", "[ci-kit]") {
  const YAML::Node workflow = load("ci/github/labs.yml");
  const YAML::Node steps = workflow["jobs"]["verify"]["steps"];
  bool checkout = false, uses_action = false;
  for (const auto& step : steps) {
    const std::string uses = step["uses"] ? step["uses"].as<std::string>() : "";
    if (uses.starts_with("actions/checkout@")) {
      checkout = true;
      CHECK(step["with"]["fetch-depth"].as<int>() == 0);
    }
    if (uses.ends_with("/labs@v1")) {
      uses_action = true;
      CHECK(step["with"]["selector"].IsDefined());
    }
  }
  CHECK(checkout);
  CHECK(uses_action);
  CHECK(workflow["jobs"]["verify"]["container"].as<std::string>() == "debian:12");

  const YAML::Node gitlab = load("ci/gitlab/labs.gitlab-ci.yml");
  CHECK(gitlab["variables"]["GIT_DEPTH"].as<std::string>() == "0");
  CHECK(gitlab["labs"]["artifacts"]["reports"]["junit"].as<std::string>() == "labs.xml");
  CHECK_THAT(gitlab["labs"]["script"][1].as<std::string>(), Catch::StartsWith("labs verify $LABS_SELECTOR"));
}

TEST_CASE("adoption kit: the CI image's Dockerfile meets labs' own rules", "[ci-kit]") {
  const auto outcome = test::run_step(
      "dockerfile: {path: ci/Dockerfile, multi_stage: true, instructions: [FROM, RUN, COPY, CMD],"
      " rules: [pinned-base, copy-not-add, non-root, no-secrets, apt-lists-cleaned, exec-form-cmd]}",
      kSource);
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
}

TEST_CASE("grading kit: the Kubernetes Indexed Job and the GitHub matrix shard the roster consistently",
          "[ci-kit][grade]") {
  const YAML::Node job = load("ci/kubernetes/grade-job.yaml");
  CHECK(job["kind"].as<std::string>() == "Job");
  CHECK(job["spec"]["completionMode"].as<std::string>() == "Indexed");
  const int completions = job["spec"]["completions"].as<int>();
  const YAML::Node container = job["spec"]["template"]["spec"]["containers"][0];
  bool completions_passed = false;
  for (const auto& variable : container["env"]) {
    if (variable["name"].as<std::string>() == "JOB_COMPLETIONS") {
      completions_passed = variable["value"].as<std::string>() == std::to_string(completions);
    }
  }
  CHECK(completions_passed);  // labs reads the shard count from it
  const std::string command = container["args"][0].as<std::string>();
  CHECK_THAT(command, Catch::Contains("labs grade ") && Catch::Contains("JOB_COMPLETION_INDEX + 1") &&
                          !Catch::Contains("--shard"));

  const YAML::Node workflow = load("ci/github/grade-matrix.yml");
  const YAML::Node shards = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"];
  const std::size_t count = shards.size();
  for (std::size_t k = 0; k < count; ++k) CHECK(shards[k].as<std::size_t>() == k + 1);
  const std::string grade = step_named(workflow["jobs"]["shard"]["steps"],
                                       "Grade shard ${{ matrix.shard }} of " + std::to_string(count))["run"]
                                .as<std::string>();
  CHECK_THAT(grade, Catch::Contains("--shard \"${{ matrix.shard }}/" + std::to_string(count) + "\""));
  CHECK(workflow["jobs"]["merge"]["needs"].as<std::string>() == "shard");
  CHECK_THAT(step_named(workflow["jobs"]["merge"]["steps"], "Merge the shards")["run"].as<std::string>(),
             Catch::Contains("labs grade merge shard-* --out gradebook"));
}

TEST_CASE("grading kit: the Kubernetes example is whole and kubectl maps every document", "[ci-kit][grade]") {
  const std::string dir = kSource.string() + "/ci/kubernetes/";
  // kubectl against a discovery-only API server: each document is a real kind.
  const std::string manifests = dir + "volume.yaml " + dir + "grade-job.yaml " + dir + "merge-job.yaml";
  test::TempDir temp;
  const std::string out = (temp.path() / "applied.txt").string();
  CHECK(test::run_shell("bash " + kSource.string() + "/tests/kubernetes/dry-run.sh " + manifests + " > " + out) == 0);
  const std::string applied = test::read_text(out);
  INFO(applied);
  CHECK_THAT(applied, Catch::Contains("persistentvolumeclaim/labs-grades created (dry run)") &&
                          Catch::Contains("job.batch/labs-grade-week2 created (dry run)") &&
                          Catch::Contains("job.batch/labs-merge-week2 created (dry run)"));
  // The same stub refuses a kind it does not know: the check can fail.
  std::string broken = test::read_source_file("ci/kubernetes/merge-job.yaml");
  broken.replace(broken.find("kind: Job"), 9, "kind: Jobs");
  test::write_text(temp.path() / "broken.yaml", broken);
  CHECK(test::run_shell("bash " + kSource.string() + "/tests/kubernetes/dry-run.sh " +
                        (temp.path() / "broken.yaml").string() + " > /dev/null") != 0);

  const YAML::Node grade = load("ci/kubernetes/grade-job.yaml");
  const YAML::Node merge = load("ci/kubernetes/merge-job.yaml");
  const YAML::Node gitlab = load("ci/gitlab/labs.gitlab-ci.yml");
  const std::string dockerfile = test::read_source_file("ci/Dockerfile");
  const std::string image = gitlab["variables"]["LABS_IMAGE"].as<std::string>();
  for (const auto& job : {grade, merge}) {
    const YAML::Node pod = job["spec"]["template"]["spec"];
    CHECK(pod["containers"][0]["image"].as<std::string>() == image);
    // The image's user (uid 1000) can write the volume.
    CHECK(pod["securityContext"]["runAsUser"].as<int>() == 1000);
    CHECK(pod["securityContext"]["fsGroup"].as<int>() == 1000);
    CHECK(pod["volumes"][0]["persistentVolumeClaim"]["claimName"].as<std::string>() == "labs-grades");
  }
  CHECK_THAT(dockerfile, Catch::Contains("-t " + image + " .") && Catch::Contains("useradd --uid 1000"));
  // --sandbox needs bubblewrap in the image and a profile that lets it make a user namespace.
  const YAML::Node grader = grade["spec"]["template"]["spec"]["containers"][0];
  if (grader["args"][0].as<std::string>().find("--sandbox") != std::string::npos) {
    CHECK_THAT(dockerfile, Catch::Contains("bubblewrap"));
    CHECK(grader["securityContext"]["seccompProfile"]["type"].as<std::string>() == "Unconfined");
  }
  // The merge reads what the shards write.
  CHECK_THAT(grader["args"][0].as<std::string>(), Catch::Contains("--out \"/grades/week2/shard-"));
  CHECK_THAT(merge["spec"]["template"]["spec"]["containers"][0]["args"][0].as<std::string>(),
             Catch::Contains("labs grade merge /grades/week2/shard-* --out /grades/week2/all"));
  const std::string script = test::read_source_file("ci/kubernetes/grade-class.sh");
  CHECK(script.find("job/labs-grade-week2") < script.find("merge-job.yaml"));
}
