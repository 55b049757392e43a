// The learner's commands end to end on the sample project: verify records
// progress, status and next read it, a failing run un-ticks, hint and
// explain describe an item, checklist ticks a copy of the roadmap's list.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

struct SampleProject {
  TempDir temp;
  fs::path root = temp.path() / "project";
  SampleProject() {
    REQUIRE(test::run_shell("bash " LABS_SOURCE_DIR "/examples/make-sample-repo.sh " + root.string() + " >/dev/null") ==
            0);
  }
  test::LabsRun labs(const std::vector<std::string>& args, const std::vector<std::string>& environment = {}) const {
    return run_labs(args, root, environment);
  }
};

}  // namespace

TEST_CASE("learner: verify records progress that status and next read, and a failing run un-ticks", "[e2e][learner]") {
  SampleProject project;
  const auto fresh = project.labs({"status"});
  CHECK(fresh.exit_code == 0);
  CHECK_THAT(fresh.out, Catch::Contains("0 of ") && Catch::Contains("Nothing recorded yet"));
  CHECK_THAT(project.labs({"next"}).out, Catch::Contains("next: mlops-intro/notes-written"));

  REQUIRE(project.labs({"verify", "week1"}).exit_code == 0);
  const auto board = project.labs({"status"});
  INFO(board.out << board.err);
  CHECK_THAT(board.out, Catch::Contains("week 1   ██████████ 100%  18 of 18"));
  CHECK_THAT(board.out, Catch::Contains("✓ first-commits"));
  CHECK_THAT(board.out, Catch::Contains("· mlflow-in-code"));  // not checked yet
  CHECK_THAT(board.out, Catch::Contains("✓ Created an ML project with Git"));
  CHECK_THAT(board.out, Catch::Contains("· Integrated MLflow  (0 of 3 items)"));
  CHECK_THAT(board.out, Catch::Contains("· Understand enterprise MLOps  (0 of 4 items)"));
  const auto next = project.labs({"next"});
  CHECK_THAT(next.out, Catch::Contains("next: mlflow-tracking/mlflow-in-code") && Catch::Contains("hint: "));
  // .labs/ keeps itself out of git: the work tree is still clean.
  CHECK(fs::exists(project.root / ".labs/progress.json"));
  CHECK(test::run_shell("cd " + project.root.string() + " && test -z \"$(git status --porcelain)\"") == 0);

  // The learner breaks the logging: a later run un-ticks it, and it is next.
  REQUIRE(test::run_shell("cd " + project.root.string() +
                          " && sed -i 's/logging/print/g' $(git ls-files \'*.py\') && git -c user.name=Learner -c "
                          "user.email=l@example.com commit -qam 'Replace logging with print calls'") == 0);
  CHECK(project.labs({"verify", "week1"}).exit_code == 1);
  const auto after = project.labs({"status"});
  CHECK_THAT(after.out, Catch::Contains("✗ logging"));
  CHECK_THAT(after.out, Catch::Contains("· Added logging  (0 of 1 items)"));
  CHECK_THAT(project.labs({"next"}).out, Catch::Contains("python-env/logging"));
}

TEST_CASE("learner: hint and explain describe an item, and a wrong name gets a suggestion", "[e2e][learner]") {
  SampleProject project;
  const auto hint = project.labs({"hint", "first-commits"});
  CHECK(hint.exit_code == 0);
  CHECK_THAT(hint.out, Catch::Contains("git-basics/first-commits") && Catch::Contains("git commit"));
  const auto explain = project.labs({"explain", "git-basics/first-commits"});
  CHECK(explain.exit_code == 0);
  CHECK_THAT(explain.out, Catch::Contains("git: {commits: {min: 3}}"));
  // What the kind checks and the keys it takes come from its registry row.
  CHECK_THAT(explain.out,
             Catch::Contains("git: history, branches, tags") && Catch::Contains("it takes commits, branches, merges"));
  CHECK_THAT(explain.out, Catch::Contains("days-03-04-git-basics.yaml:"));
  CHECK_THAT(explain.out, Catch::Contains("why it matters: "));
  REQUIRE(project.labs({"verify", "week1"}).exit_code == 0);
  CHECK_THAT(project.labs({"explain", "git-basics/first-commits"}).out,
             Catch::Contains("your last check: done (so since 20"));
  const auto probe = project.labs({"explain", "fastapi-ml/api-serves"});
  CHECK_THAT(probe.out, Catch::Contains("It runs your code"));
  const auto typo = project.labs({"hint", "first-comits"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("did you mean 'first-commits'?"));
}

TEST_CASE("learner: checklist ticks only the marks of the roadmap's own list, in Russian too", "[e2e][learner]") {
  SampleProject project;
  REQUIRE(project.labs({"verify", "week1"}).exit_code == 0);
  const std::string roadmap =
      "# Мой прогресс\n\n### После 1 недели:\n- [ ] Создал ML проект с Git\n- [ ] Настроил виртуальное окружение\n"
      "- [ ] Добавил логирование\n\n### После 2 недель:\n- [x] Интегрировал MLflow\n- [ ] Моя заметка\n";
  test::write_text(project.temp.path() / "PROGRESS.md", roadmap);
  const auto run = project.labs({"checklist", "--write", (project.temp.path() / "PROGRESS.md").string()});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("4 milestone line(s)") && Catch::Contains("4 changed"));
  std::string expected = roadmap;
  for (const std::string line : {"Создал ML проект с Git", "Настроил виртуальное окружение", "Добавил логирование"}) {
    expected.replace(expected.find("- [ ] " + line), 5, "- [x]");
  }
  expected.replace(expected.find("- [x] Интегрировал"), 5, "- [ ]");  // not proven: the mark is taken back
  CHECK(test::read_text(project.temp.path() / "PROGRESS.md") == expected);

  const auto printed = project.labs({"checklist"});
  CHECK_THAT(printed.out, Catch::Contains("### After week 1\n- [x] Created an ML project with Git"));
  const auto russian = project.labs({"checklist"}, {"LANG=ru_RU.UTF-8"});
  CHECK_THAT(russian.out, Catch::Contains("- [x] Создал ML проект с Git"));
  CHECK_THAT(project.labs({"--lang", "ru", "status"}).out, Catch::Contains("Основы Git и контроля версий"));
  test::write_text(project.temp.path() / "other.md", "- [ ] nothing of the roadmap\n");
  CHECK(project.labs({"checklist", "--write", (project.temp.path() / "other.md").string()}).exit_code == 1);
}

TEST_CASE("learner: an instructor's bundle with its own track is the default without --track", "[e2e][learner]") {
  TempDir temp;
  test::TestRepo repo(temp.path() / "project");
  repo.write("README.md", "# project\n");
  repo.commit("Start");
  std::string lab = test::lab_yaml("intro", 1, {{"readme", "file: {path: README.md}"}});
  lab.replace(lab.find("track: mlops"), 12, "track: devops101");
  test::write_text(temp.path() / "labs/intro.yaml", lab);
  const std::vector<std::string> bundle{"--labs", (temp.path() / "labs").string()};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), bundle.begin(), bundle.end());
    return run_labs(args, repo.dir());
  };
  const auto verify = with({"verify", "week1"});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"status"}, {"next"}, {"hint", "readme"}, {"explain", "intro/readme"}}) {
    const auto run = with(command);
    INFO(command.front() << ": " << run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.err, !Catch::Contains("mlops"));
  }
  CHECK_THAT(with({"status"}).out, Catch::Contains("devops101"));
  // A bundle with an mlops track among others keeps mlops as the default.
  test::write_text(temp.path() / "labs/other.yaml", test::lab_yaml("other", 1, {{"notes", "file: {path: NOTES.md}"}}));
  CHECK_THAT(with({"next"}).out, Catch::Contains("other/notes"));
}
