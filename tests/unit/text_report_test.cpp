#include <labs/report/report.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace labkit;

TEST_CASE("the text report formats a finished run", "[report]") {
  Lab lab;
  lab.id = "git-basics";
  lab.track = "mlops";
  lab.title = "Git basics";
  lab.weeks = {1, 1};
  lab.days = DayRange{3, 4};
  lab.items.resize(3);
  lab.items[0] = Item{"first-commits", "Made the first commits", "Commit early", 1, {}, {{"git", {}, nullptr}}};
  lab.items[1] = Item{"ml-gitignore", "A .gitignore", "Add .venv/ to it", 2, {}, {{"file", {}, nullptr}}};
  lab.items[2] = Item{"history", "Merged a branch", "", 1, {}, {{"git", {}, nullptr}}};

  RunResult run;
  run.repo = {"/home/learner/project", "0123456789abcdef0123456789abcdef01234567", "main", {"a notice"}};
  LabResult lab_result{&lab, {}};
  lab_result.items.push_back({&lab.items[0], Status::pass, {{&lab.items[0].steps[0], {Status::pass, "5 commits"}}}});
  lab_result.items.push_back(
      {&lab.items[1], Status::fail, {{&lab.items[1].steps[0], {Status::fail, "not ignored: .venv/\nsecond line"}}}});
  lab_result.items.push_back(
      {&lab.items[2], Status::error, {{&lab.items[2].steps[0], {Status::error, "history is shallow"}}}});
  run.labs.push_back(lab_result);

  std::ostringstream out;
  find_reporter_kind("text")->make(ReportOptions{false})->write(run, out);
  CHECK(out.str() ==
        "labs · /home/learner/project · main @ 0123456\n"
        "note: a notice\n"
        "\n"
        "mlops · week 1 · days 3-4 · Git basics  [git-basics]\n"
        "  ✓ first-commits  Made the first commits  1/1\n"
        "  ✗ ml-gitignore   A .gitignore  0/2\n"
        "      ✗ file: not ignored: .venv/\n"
        "      second line\n"
        "      hint: Add .venv/ to it\n"
        "  ? history        Merged a branch  0/1\n"
        "      ? git: history is shallow\n"
        "\n"
        "1 of 3 items done · 1/4 points · 1 to do · 1 could not be checked\n");
  CHECK(run.exit_code() == 1);
}

TEST_CASE("the exit code comes from the result model", "[report]") {
  Lab lab;
  lab.items.resize(1);
  RunResult run;
  run.labs.push_back({&lab, {{&lab.items[0], Status::pass, {}}}});
  CHECK(run.exit_code() == 0);
  run.labs[0].items[0].status = Status::skip;
  CHECK(run.exit_code() == 0);
  run.labs[0].items[0].status = Status::error;
  CHECK(run.exit_code() == 1);
}
