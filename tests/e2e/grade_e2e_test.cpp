// `labs grade` end to end: the built binary grades rosters of real
// repositories (made with libgit2 and by examples/make-sample-repo.sh),
// local paths and file:// URLs, broken ones and a probe that hangs.
#include "support/processes.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <csv.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

namespace fs = std::filesystem;

/// grades.csv as student → column → value (read with libcsv, as a spreadsheet would).
std::map<std::string, std::map<std::string, std::string>> read_gradebook(const fs::path& file) {
  struct Rows {
    std::vector<std::vector<std::string>> rows{{}};
  } rows;
  csv_parser parser{};
  REQUIRE(csv_init(&parser, CSV_STRICT) == 0);
  const std::string text = test::read_text(file);
  const auto field = [](void* data, std::size_t size, void* self) {
    static_cast<Rows*>(self)->rows.back().emplace_back(static_cast<const char*>(data), size);
  };
  const auto end = [](int, void* self) { static_cast<Rows*>(self)->rows.emplace_back(); };
  REQUIRE(csv_parse(&parser, text.data(), text.size(), field, end, &rows) == text.size());
  csv_fini(&parser, field, end, &rows);
  csv_free(&parser);
  rows.rows.pop_back();
  REQUIRE(!rows.rows.empty());
  std::map<std::string, std::map<std::string, std::string>> table;
  const auto& header = rows.rows[0];
  for (std::size_t r = 1; r < rows.rows.size(); ++r) {
    REQUIRE(rows.rows[r].size() == header.size());
    for (std::size_t c = 0; c < header.size(); ++c) table[rows.rows[r][0]][header[c]] = rows.rows[r][c];
  }
  return table;
}

/// A lab folder with one lab: `lab_yaml` items.
fs::path write_labs(const fs::path& folder, const std::vector<std::pair<std::string, std::string>>& items) {
  test::write_text(folder / "lab.yaml", test::lab_yaml("graded", 1, items));
  return folder;
}

}  // namespace

TEST_CASE("grade e2e: a roster of local and file:// repositories, broken ones included, becomes a gradebook",
          "[grade][e2e]") {
  TempDir temp;
  REQUIRE(test::run_shell("bash " LABS_SOURCE_DIR "/examples/make-sample-repo.sh " + (temp.path() / "alice").string() +
                          " >/dev/null") == 0);
  TestRepo bob(temp.path() / "bob");
  bob.write("README.md", "# bob\n");
  bob.commit("Start");
  TestRepo empty(temp.path() / "empty");
  fs::create_directories(temp.path() / "not-a-repo");
  test::write_text(temp.path() / "roster.csv",
                   "student,repo,branch\n"
                   "Alice Smith,alice,\n"
                   "\"Bob, the Second\",file://" +
                       (temp.path() / "bob").string() +
                       ",main\n"
                       "Carol,empty,\n"
                       "Dan,missing,\n"
                       "Erin,not-a-repo,\n");
  const auto run = test::run_labs({"grade", "roster.csv", "week1", "--out", "out", "--jobs", "2"}, temp.path());
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);  // some learners could not be graded
  CHECK_THAT(run.out, Catch::Contains("5 learner(s): 2 graded, 0 reused from an earlier run, 3 not gradable"));
  const auto grades = read_gradebook(temp.path() / "out/grades.csv");
  REQUIRE(grades.size() == 5);
  const auto& alice = grades.at("Alice Smith");
  CHECK(alice.at("grading_status") == "ok");
  CHECK(alice.at("commit").size() == 40);
  // The virtualenv is git-ignored, so a grade cannot prove it: not in the maximum.
  CHECK(alice.at("score") == "17");
  CHECK(alice.at("max") == "17");
  CHECK(alice.at("percent") == "100.0");
  CHECK(alice.at("git-basics/first-commits") == "pass");
  CHECK(alice.at("python-env/virtualenv") == "skip");
  const auto& bob_row = grades.at("Bob, the Second");
  CHECK(bob_row.at("grading_status") == "ok");
  CHECK(bob_row.at("git-basics/first-commits") == "fail");
  CHECK(std::stod(bob_row.at("percent")) < 30);
  CHECK(grades.at("Carol").at("grading_status") == "no-commit-before-deadline");
  CHECK(grades.at("Dan").at("grading_status") == "clone-failed");
  CHECK_THAT(grades.at("Dan").at("note"), Catch::Contains("missing does not exist"));
  CHECK(grades.at("Erin").at("grading_status") == "clone-failed");
  CHECK(grades.at("Dan").at("score").empty());

  const std::string feedback = test::read_text(temp.path() / "out/feedback/Bob__the_Second.md");
  CHECK_THAT(feedback, Catch::Contains("first-commits") && Catch::Contains("**Hint:**"));
  // Whose it is, which commit, the result in words, and nothing of where labs worked.
  CHECK_THAT(feedback, Catch::StartsWith("# Feedback for Bob, the Second\n\nlabs checked commit `" +
                                         grades.at("Bob, the Second").at("commit").substr(0, 12) + "`."));
  CHECK_THAT(feedback, Catch::Contains("**Result: not passed yet**") && !Catch::Contains("Gate:"));
  CHECK_THAT(feedback, !Catch::Contains(temp.path().string()) && !Catch::Contains("labs-scratch-"));
  CHECK_THAT(test::read_text(temp.path() / "out/feedback/Alice_Smith.json"),
             Catch::Contains("\"schema\": \"labs-report/1\""));
  CHECK_FALSE(fs::exists(temp.path() / "out/feedback/Dan.md"));
  const std::string html = test::read_text(temp.path() / "out/report.html");
  CHECK_THAT(html, Catch::Contains("id=\"heatmap\"") && Catch::Contains("id=\"pass-rates\"") &&
                       Catch::Contains("id=\"score-distribution\"") && Catch::Contains("Bob, the Second"));
  CHECK_THAT(html, !Catch::Contains("src=\"http") && !Catch::Contains("href=\"http") && !Catch::Contains("<script"));
  // Learner code ran in scratch copies, which are gone; the cache holds bare mirrors only.
  CHECK_FALSE(fs::exists(temp.path() / "out/.work"));
  for (const auto& mirror : fs::directory_iterator(temp.path() / "out/cache"))
    CHECK_FALSE(fs::exists(mirror.path() / ".git"));
}

TEST_CASE("grade e2e: the deadline picks the last commit before it, and future or out-of-order dates are flagged",
          "[grade][e2e]") {
  TempDir temp;
  TestRepo late(temp.path() / "late");
  late.set_clock(1'763'000'000);
  late.write("README.md", "# late\n");
  const std::string before = late.commit("Before the deadline");  // 2025-11-13T02:14:20Z
  late.create_branch("feature");
  late.write("app.py", "print('after')\n");
  late.commit("After the deadline");  // 02:15:20Z
  TestRepo future(temp.path() / "future");
  future.set_clock(4'000'000'000);  // 2096
  future.write("README.md", "# future\n");
  future.commit("From the future");
  TestRepo skewed(temp.path() / "skewed");
  skewed.set_clock(1'750'000'000);
  skewed.write("README.md", "# skewed\n");
  skewed.commit("First");
  skewed.set_clock(1'700'000'000);
  skewed.write("notes.md", "x\n");
  skewed.commit("Dated before its parent");
  // Three commits in one second, then one after the deadline: the last of the three is graded, never the root.
  TestRepo tied(temp.path() / "tied");
  std::string third;
  for (const char* name : {"README.md", "app.py", "notes.md"}) {
    tied.set_clock(1'762'999'000);
    tied.write(name, "x\n");
    third = tied.commit(std::string("Add ") + name);
  }
  tied.set_clock(1'763'100'000);
  tied.write("late.md", "x\n");
  tied.commit("After the deadline");
  const fs::path labs =
      write_labs(temp.path() / "labs", {{"app", "file: {path: app.py}"}, {"readme", "file: {path: README.md}"}});
  test::write_text(temp.path() / "roster.csv", "student,repo\nlate,late\nfuture,future\nskewed,skewed\ntied,tied\n");
  const auto grade = [&](const std::string& out, const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--labs", labs.string(), "grade", "roster.csv", "all", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = test::run_labs(args, temp.path());
    INFO(run.out << run.err);
    REQUIRE(run.exit_code <= 1);
    return read_gradebook(temp.path() / out / "grades.csv");
  };
  const auto graded = grade("out", {"--deadline", "2025-11-13 02:14:50"});
  CHECK(graded.at("late").at("commit") == before);
  CHECK(graded.at("late").at("commit_date") == "2025-11-13T02:14:20Z");
  CHECK(graded.at("late").at("graded/app") == "fail");  // app.py came after the deadline
  CHECK(graded.at("late").at("graded/readme") == "pass");
  CHECK_THAT(test::read_text(temp.path() / "out/feedback/late.md"),
             Catch::Contains("labs checked commit `" + before.substr(0, 12) +
                             "`, your last commit before the deadline (2025-11-13 02:14 UTC)."));
  CHECK(graded.at("future").at("grading_status") == "no-commit-before-deadline");
  // As git log --first-parent --before picks it: the skewed tip, dated 2023 though made after its 2025 parent.
  CHECK(graded.at("skewed").at("commit_date") == "2023-11-14T22:14:20Z");
  CHECK_THAT(graded.at("skewed").at("flags"), Catch::Contains("dates out of order"));
  CHECK(graded.at("tied").at("commit") == third);
  CHECK(graded.at("tied").at("graded/app") == "pass");
  CHECK(grade("out-zone", {"--deadline", "2025-11-13T05:14:50+03:00"}).at("late").at("commit") == before);

  const auto undated = grade("out2", {});
  CHECK(undated.at("late").at("graded/app") == "pass");  // no deadline: the tip
  CHECK_THAT(undated.at("future").at("flags"), Catch::Contains("dated in the future (2096-"));
  CHECK_THAT(undated.at("skewed").at("flags"), Catch::Contains("dates out of order"));
  CHECK(undated.at("late").at("flags").empty());
  CHECK(grade("out3", {"--deadline", "2020-01-01"}).at("late").at("grading_status") == "no-commit-before-deadline");

  const auto bad = test::run_labs(
      {"--labs", labs.string(), "grade", "roster.csv", "all", "--out", "o", "--deadline", "friday"}, temp.path());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--deadline friday: not a time"));
}

namespace {

/// Learners whose repositories hold a file each: `pass`, `fail`, or `hang`
/// (a probe that never ends, as a program named `hang_tag`: sandboxed, it
/// cannot write its pid anywhere the test could read it).
struct Class {
  TempDir temp;
  fs::path labs;
  std::string hang_tag = "labs-hang-" + std::to_string(::getpid());
  explicit Class(const std::vector<std::pair<std::string, std::string>>& learners) {
    std::string roster = "student,repo\n";
    for (const auto& [student, kind] : learners) {
      TestRepo repo(temp.path() / student);
      repo.write("README.md", "# " + student + "\n");
      if (kind != "fail") repo.write("solution.py", kind == "hang" ? "hang\n" : "print('done')\n");
      repo.commit("Work");
      roster += student + "," + student + "\n";
    }
    test::write_text(temp.path() / "roster.csv", roster);
    labs = write_labs(temp.path() / "labs",
                      {{"solution", "file: {path: solution.py}"},
                       {"runs", "command: {run: 'if grep -q hang solution.py; then cp /bin/sleep ./" + hang_tag +
                                    " && exec ./" + hang_tag + " 600; fi'}"}});
  }
  test::LabsRun grade(const std::string& out, const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args{"--labs", labs.string(), "grade", "roster.csv", "all", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_labs(args, temp.path());
  }
};

}  // namespace

TEST_CASE("grade e2e: a probe that hangs costs only its own row, and its processes end", "[grade][e2e][hostile]") {
  Class cohort({{"ann", "pass"}, {"hal", "hang"}, {"ivy", "fail"}});
  const auto run = cohort.grade("out", {"--repo-timeout", "3", "--jobs", "2"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  const auto grades = read_gradebook(cohort.temp.path() / "out/grades.csv");
  CHECK(grades.at("ann").at("percent") == "100.0");
  CHECK(grades.at("ivy").at("graded/solution") == "fail");
  CHECK(grades.at("hal").at("grading_status") == "error");
  CHECK_THAT(grades.at("hal").at("note"), Catch::Contains("longer than 3 s"));
  // The probe was ended with labs verify's process tree, and the scratch copy is gone.
  CHECK(test::no_process_named_soon(cohort.hang_tag));
  CHECK_FALSE(fs::exists(cohort.temp.path() / "out/.work"));
}

TEST_CASE("grade e2e: --no-probes grades what the repositories hold and runs no learner code", "[grade][e2e]") {
  Class cohort({{"ann", "pass"}, {"hal", "hang"}, {"ivy", "fail"}});
  const auto run = cohort.grade("out", {"--no-probes"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);  // every repository was gradable
  const auto grades = read_gradebook(cohort.temp.path() / "out/grades.csv");
  CHECK(grades.at("hal").at("grading_status") == "ok");
  CHECK(grades.at("hal").at("max") == "1");
  CHECK(grades.at("hal").at("percent") == "100.0");
  CHECK(grades.at("ivy").at("percent") == "0.0");
  CHECK(grades.at("ann").count("graded/runs") == 0);  // and the hanging probe did not hold the run up
}

TEST_CASE("grade e2e: a re-run reuses what is graded and regrades only what changed", "[grade][e2e]") {
  Class cohort({{"ann", "pass"}, {"bo", "fail"}, {"cy", "pass"}});
  REQUIRE(cohort.grade("out").exit_code == 0);
  const std::string first = test::read_text(cohort.temp.path() / "out/grades.csv");
  // An interrupted run leaves rows for some learners only: simulate by removing one.
  fs::remove(cohort.temp.path() / "out/rows/cy.json");
  const auto resumed = cohort.grade("out");
  INFO(resumed.out << resumed.err);
  CHECK_THAT(resumed.out, Catch::Contains("1 graded, 2 reused from an earlier run, 0 not gradable"));
  CHECK(test::read_text(cohort.temp.path() / "out/grades.csv") == first);
  {
    TestRepo bo(cohort.temp.path() / "bo");  // opens the existing repository
    bo.write("solution.py", "print('fixed')\n");
    bo.commit("Fix");
  }
  const auto after_fix = cohort.grade("out");
  CHECK_THAT(after_fix.out, Catch::Contains("1 graded, 2 reused from an earlier run"));
  CHECK(read_gradebook(cohort.temp.path() / "out/grades.csv").at("bo").at("graded/solution") == "pass");
  // Another selection is another grade: nothing is reused.
  CHECK_THAT(cohort.grade("out", {"--deadline", "2100-01-01"}).out, Catch::Contains("3 graded, 0 reused"));
}

TEST_CASE("grade e2e: killed with SIGKILL at many points, a re-run gives the gradebook of an uninterrupted run",
          "[grade][e2e][hostile]") {
  Class cohort({{"ann", "pass"}, {"bo", "fail"}, {"cy", "pass"}, {"di", "pass"}, {"ed", "fail"}, {"flo", "pass"}});
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(cohort.grade("whole", {"--jobs", "2"}).exit_code <= 1);
  const double whole_run = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string grade =
      std::string(LABS_BINARY) + " --labs " + cohort.labs.string() + " grade roster.csv all --out killed --jobs 2";
  // Kill points spread over one whole run; each run resumes what the last left.
  for (int point = 1; point <= 8; ++point) {
    const std::string delay = std::to_string(whole_run * point / 9);
    INFO("killed after " << delay << " s");
    REQUIRE(test::run_shell("cd " + cohort.temp.path().string() + " && " + grade +
                            " > /dev/null 2>&1 & pid=$!; sleep " + delay +
                            "; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; exit 0") == 0);
  }
  const auto finished = cohort.grade("killed", {"--jobs", "2"});
  INFO(finished.out << finished.err);
  CHECK(finished.exit_code <= 1);
  const auto whole = read_gradebook(cohort.temp.path() / "whole/grades.csv");
  auto resumed = read_gradebook(cohort.temp.path() / "killed/grades.csv");
  REQUIRE(resumed.size() == whole.size());
  for (const auto& [student, row] : whole) {
    INFO(student);
    for (const char* column : {"grading_status", "score", "percent", "graded/solution", "graded/runs"})
      CHECK(resumed[student][column] == row.at(column));
  }
}

TEST_CASE("grade e2e: shards merged give the same gradebook as one run", "[grade][e2e]") {
  Class cohort({{"a1", "pass"}, {"b2", "fail"}, {"c3", "pass"}, {"d4", "fail"}, {"e5", "pass"}});
  REQUIRE(cohort.grade("whole").exit_code == 0);
  std::vector<std::string> merge{"grade", "merge"};
  for (int k = 1; k <= 3; ++k) {
    const std::string out = "shard-" + std::to_string(k);
    const auto shard = cohort.grade(out, {"--shard", std::to_string(k) + "/3"});
    INFO(shard.out << shard.err);
    REQUIRE(shard.exit_code == 0);
    merge.push_back(out);
  }
  CHECK(read_gradebook(cohort.temp.path() / "shard-1/grades.csv").size() == 2);  // a1, d4
  CHECK(read_gradebook(cohort.temp.path() / "shard-3/grades.csv").size() == 1);  // c3
  merge.insert(merge.end(), {"--out", "merged"});
  const auto merged = test::run_labs(merge, cohort.temp.path());
  INFO(merged.out << merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(test::read_text(cohort.temp.path() / "merged/grades.csv") ==
        test::read_text(cohort.temp.path() / "whole/grades.csv"));
  CHECK(fs::exists(cohort.temp.path() / "merged/feedback/e5.md"));
  // A Kubernetes Indexed Job: JOB_COMPLETION_INDEX 0..N-1 is shard 1..N.
  const auto indexed = test::run_labs({"--labs", cohort.labs.string(), "grade", "roster.csv", "all", "--out", "k8s-2"},
                                      cohort.temp.path(), {"JOB_COMPLETION_INDEX=1", "JOB_COMPLETIONS=3"});
  CHECK(indexed.exit_code == 0);
  CHECK(test::read_text(cohort.temp.path() / "k8s-2/grades.csv") ==
        test::read_text(cohort.temp.path() / "shard-2/grades.csv"));
  // Overlapping shards are refused.
  CHECK(test::run_labs({"grade", "merge", "shard-1", "whole", "--out", "bad"}, cohort.temp.path()).exit_code == 2);
  CHECK(cohort.grade("x", {"--shard", "4/3"}).exit_code == 2);
  // Shards of two gradings are refused, naming what differs; the merged report keeps the run's title.
  CHECK_THAT(test::read_text(cohort.temp.path() / "merged/report.html"), Catch::Contains("labs grade: all"));
  const auto late = cohort.grade("late-2", {"--shard", "2/3", "--deadline", "2030-01-01"});
  REQUIRE(late.exit_code == 0);
  const auto mixed =
      test::run_labs({"grade", "merge", "shard-1", "late-2", "shard-3", "--out", "mixed"}, cohort.temp.path());
  CHECK(mixed.exit_code == 2);
  CHECK_THAT(mixed.err, Catch::Contains("not shards of one grading: deadline is '2030-01-01") &&
                            Catch::Contains("but 'none' in shard-1"));
  CHECK_FALSE(fs::exists(cohort.temp.path() / "mixed/grades.csv"));
}

TEST_CASE("grade e2e: with --sandbox a probe has no network and sees no other learner's files",
          "[grade][e2e][sandbox]") {
  TempDir temp;
  TestRepo nosy(temp.path() / "nosy");
  nosy.write("README.md", "# nosy\n");
  nosy.commit("Start");
  TestRepo other(temp.path() / "other");
  other.write("README.md", "# other\n");
  other.write("secret-answer.txt", "42\n");
  other.commit("Start");
  test::write_text(temp.path() / "roster.csv", "student,repo\nother,other\nnosy,nosy\n");
  const fs::path labs = write_labs(
      temp.path() / "labs",
      {{"no-network",
        "command: {run: 'python3 -c \"import socket; socket.create_connection((\\\"1.1.1.1\\\", 53), 2)\"', exit_code: "
        "1}"},
       {"no-peeking",
        "command: {run: 'ls ../../../cache ../../../feedback 2>/dev/null | grep -q other && exit 1 || exit 0'}"},
       {"read-only-system", "command: {run: 'test -w /usr', exit_code: 1}"}});
  const auto run = test::run_labs(
      {"--labs", labs.string(), "grade", "roster.csv", "all", "--out", "out", "--jobs", "1", "--sandbox"}, temp.path());
  INFO(run.out << run.err);
  const auto grades = read_gradebook(temp.path() / "out/grades.csv");
  CHECK(grades.at("nosy").at("graded/no-network") == "pass");
  CHECK(grades.at("nosy").at("graded/no-peeking") == "pass");
  CHECK(grades.at("nosy").at("graded/read-only-system") == "pass");
  // Without --sandbox every probe is still sandboxed where bubblewrap works
  // (here), so the same probe sees nothing either.
  const auto by_default = test::run_labs(
      {"--labs", labs.string(), "grade", "roster.csv", "all", "--out", "out2", "--jobs", "1"}, temp.path());
  INFO(by_default.out << by_default.err);
  const auto default_grades = read_gradebook(temp.path() / "out2/grades.csv");
  CHECK(default_grades.at("nosy").at("graded/no-peeking") == "pass");
  CHECK(default_grades.at("nosy").at("graded/no-network") == "pass");
}

TEST_CASE("grade e2e: a plan that runs no learner code is graded by reused labs processes, with the same rows",
          "[grade][e2e]") {
  Class cohort({{"ann", "pass"}, {"bo", "fail"}, {"cy", "pass"}, {"di", "fail"}});
  {
    TestRepo broken(cohort.temp.path() / "di");  // opens the existing repository
    broken.write(".labs.yaml", "track: [unclosed\n");
    broken.commit("Defaults");
  }
  // --no-probes: one `labs verify --worker` per thread; --sandbox: one labs per learner.
  const auto reused = cohort.grade("reused", {"--no-probes", "--jobs", "2"});
  const auto one_each = cohort.grade("one-each", {"--no-probes", "--sandbox"});
  INFO(reused.out << reused.err << one_each.out << one_each.err);
  CHECK(reused.exit_code == 1);  // di is not gradable
  CHECK(test::read_text(cohort.temp.path() / "reused/grades.csv") ==
        test::read_text(cohort.temp.path() / "one-each/grades.csv"));
  const auto grades = read_gradebook(cohort.temp.path() / "reused/grades.csv");
  CHECK(grades.at("ann").at("percent") == "100.0");
  CHECK(grades.at("bo").at("percent") == "0.0");
  CHECK(grades.at("di").at("grading_status") == "error");
  CHECK_THAT(grades.at("di").at("note"), Catch::Contains("exited with 2") && Catch::Contains(".labs.yaml:2:1"));
  CHECK(test::read_text(cohort.temp.path() / "reused/feedback/cy.md") ==
        test::read_text(cohort.temp.path() / "one-each/feedback/cy.md"));
}

TEST_CASE("grade e2e: a git lock file left in a mirror by a killed run does not stop the next fetch",
          "[grade][e2e][hostile]") {
  Class cohort({{"ann", "pass"}, {"bo", "pass"}});
  REQUIRE(cohort.grade("out").exit_code == 0);
  // What SIGKILL during a fetch leaves: git's lock on the ref being updated.
  int planted = 0;
  for (const auto& entry : fs::directory_iterator(cohort.temp.path() / "out" / "cache")) {
    if (entry.path().extension() != ".git") continue;
    test::write_text(entry.path() / "refs" / "heads" / "main.lock", "");
    ++planted;
  }
  REQUIRE(planted == 2);
  TestRepo ann(cohort.temp.path() / "ann");
  ann.write("NOTES.md", "more work\n");
  ann.commit("More work");
  const auto again = cohort.grade("out");
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  const auto gradebook = read_gradebook(cohort.temp.path() / "out/grades.csv");
  CHECK(gradebook.at("ann").at("grading_status") == "ok");
  CHECK(gradebook.at("bo").at("grading_status") == "ok");
}

namespace {

void commit_tree(git_repository* repo, const git_oid& tree_id, const char* message) {
  git_tree* tree = nullptr;
  REQUIRE(git_tree_lookup(&tree, repo, &tree_id) == 0);
  git_signature* author = nullptr;
  REQUIRE(git_signature_new(&author, "Mallory", "mallory@example.com", 1'700'000'000, 0) == 0);
  git_oid commit{};
  const int code = git_commit_create(&commit, repo, "HEAD", author, author, nullptr, message, tree, 0, nullptr);
  git_signature_free(author);
  git_tree_free(tree);
  REQUIRE(code == 0);
}

/// A tree of `entries` (name, object), all of `mode`.
git_oid tree_of(git_repository* repo, const std::vector<std::pair<std::string, git_oid>>& entries,
                git_filemode_t mode) {
  git_treebuilder* builder = nullptr;
  REQUIRE(git_treebuilder_new(&builder, repo, nullptr) == 0);
  for (const auto& [name, id] : entries)
    REQUIRE(git_treebuilder_insert(nullptr, builder, name.c_str(), &id, mode) == 0);
  git_oid tree{};
  const int code = git_treebuilder_write(&tree, builder);
  git_treebuilder_free(builder);
  REQUIRE(code == 0);
  return tree;
}

/// A git bomb: 10^levels copies of one file, made of `levels` small trees,
/// each holding ten of the one below (a few hundred bytes of .git).
void commit_git_bomb(git_repository* repo, int levels) {
  git_oid id{};
  REQUIRE(git_blob_create_from_buffer(&id, repo, "boom\n", 5) == 0);
  for (int level = 0; level < levels; ++level) {
    std::vector<std::pair<std::string, git_oid>> entries;
    entries.reserve(10);
    for (int i = 0; i < 10; ++i) entries.emplace_back("f" + std::to_string(i), id);
    id = tree_of(repo, entries, level == 0 ? GIT_FILEMODE_BLOB : GIT_FILEMODE_TREE);
  }
  commit_tree(repo, id, "A git bomb");
}

/// A blob bomb without writing 4 GiB: a loose object whose header says
/// "blob 4294967296", followed by a few zeros (its header is all a size check
/// may read); committed as zeros.bin beside a README.
void commit_blob_bomb(const TestRepo& repo) {
  const std::string id(40, 'b');
  const fs::path object = repo.dir() / ".git/objects" / id.substr(0, 2) / id.substr(2);
  fs::create_directories(object.parent_path());
  REQUIRE(test::run_shell("python3 -c 'import sys, zlib; open(sys.argv[1], \"wb\").write(zlib.compress(b\"blob "
                          "4294967296\\0\" + bytes(4096)))' " +
                          object.string()) == 0);
  git_oid zeros{}, readme{};
  REQUIRE(git_oid_fromstr(&zeros, id.c_str()) == 0);
  REQUIRE(git_blob_create_from_buffer(&readme, repo.handle(), "# data\n", 7) == 0);
  commit_tree(repo.handle(), tree_of(repo.handle(), {{"README.md", readme}, {"zeros.bin", zeros}}, GIT_FILEMODE_BLOB),
              "4 GiB of zeros");
}

}  // namespace

TEST_CASE("grade e2e: a git bomb and a 4 GiB blob are refused from their headers, and the batch goes on",
          "[grade][e2e][hostile][repo-limits]") {
  Class cohort({{"ann", "pass"}, {"bo", "fail"}});
  commit_git_bomb(TestRepo(cohort.temp.path() / "bomb").handle(), 7);  // 10^7 files
  commit_blob_bomb(TestRepo(cohort.temp.path() / "huge"));
  test::write_text(cohort.temp.path() / "roster.csv", "student,repo\nann,ann\nbomb,bomb\nhuge,huge\nbo,bo\n");
  const auto run = cohort.grade("out", {"--jobs", "2"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("4 learner(s): 2 graded, 0 reused from an earlier run, 2 not gradable"));
  const auto grades = read_gradebook(cohort.temp.path() / "out/grades.csv");
  REQUIRE(grades.size() == 4);
  CHECK(grades.at("ann").at("percent") == "100.0");
  CHECK(grades.at("bo").at("grading_status") == "ok");
  CHECK(grades.at("bo").at("graded/solution") == "fail");
  CHECK(grades.at("bomb").at("grading_status") == "refused");
  CHECK_THAT(grades.at("bomb").at("note"),
             Catch::Contains("repository too large: more than 100000 files and folders") &&
                 Catch::Contains("--max-repo-files"));
  CHECK(grades.at("bomb").at("commit").size() == 40);
  CHECK(grades.at("huge").at("grading_status") == "refused");
  CHECK_THAT(grades.at("huge").at("note"), Catch::Contains("zeros.bin in commit") &&
                                               Catch::Contains("is 4 GiB, over the 100 MiB limit") &&
                                               Catch::Contains("--max-blob-size"));
  CHECK_FALSE(fs::exists(cohort.temp.path() / "out/.work"));
}

TEST_CASE("grade e2e: the repository size limits are flags, and a refused learner is graded once they allow",
          "[grade][e2e][repo-limits]") {
  Class cohort({{"ann", "pass"}, {"bo", "pass"}, {"cy", "pass"}});
  {
    TestRepo bo(cohort.temp.path() / "bo");
    bo.write("data/weights.bin", std::string(3 << 20, 'w'));
    bo.commit("Weights");
    TestRepo cy(cohort.temp.path() / "cy");
    for (int i = 0; i < 4; ++i) cy.write("notes/" + std::to_string(i) + ".md", std::string(600 << 10, 'n'));
    cy.commit("Notes");
  }
  const auto tight =
      cohort.grade("out", {"--max-blob-size", "2000000", "--max-repo-size", "2000000", "--max-repo-files", "20"});
  INFO(tight.out << tight.err);
  auto grades = read_gradebook(cohort.temp.path() / "out/grades.csv");
  CHECK(grades.at("ann").at("grading_status") == "ok");
  CHECK(grades.at("bo").at("grading_status") == "refused");
  CHECK_THAT(grades.at("bo").at("note"),
             Catch::Contains("data/weights.bin in commit") && Catch::Contains("is 3 MiB, over the 1.9 MiB limit"));
  CHECK(grades.at("cy").at("grading_status") == "refused");
  CHECK_THAT(grades.at("cy").at("note"), Catch::Contains("hold more than 1.9 MiB (--max-repo-size)"));
  const auto few = cohort.grade("out", {"--max-repo-files", "3"});
  CHECK_THAT(read_gradebook(cohort.temp.path() / "out/grades.csv").at("cy").at("note"),
             Catch::Contains("more than 3 files and folders"));
  // Refused rows are not kept as graded: with the default limits all pass.
  const auto relaxed = cohort.grade("out");
  INFO(relaxed.out << relaxed.err);
  CHECK(relaxed.exit_code == 0);
  grades = read_gradebook(cohort.temp.path() / "out/grades.csv");
  CHECK(grades.at("bo").at("percent") == "100.0");
  CHECK(grades.at("cy").at("percent") == "100.0");
}

TEST_CASE("grade e2e: a submission folder whose git data leads to another learner's repository is refused",
          "[grade][e2e][hostile][repo-limits]") {
  Class cohort({{"ann", "pass"}, {"di", "fail"}});
  const fs::path root = cohort.temp.path();
  // bo's .git is a file naming ann's git folder, as `git worktree add` writes one.
  test::write_text(root / "bo/README.md", "# bo\n");
  test::write_text(root / "bo/.git", "gitdir: " + (root / "ann/.git").string() + "\n");
  // cy's .git is a symlink to it; di's own repository borrows ann's objects.
  fs::create_directories(root / "cy");
  fs::create_directory_symlink(root / "ann/.git", root / "cy/.git");
  test::write_text(root / "di/.git/objects/info/alternates", (root / "ann/.git/objects").string() + "\n");
  fs::create_directories(root / "eve");
  test::write_text(root / "eve/.git", "gitdir: ../ann/.git\n");
  test::write_text(root / "roster.csv",
                   "student,repo\nann,ann\nbo,bo\ncy,cy\ndi,di\neve,file://" + (root / "eve").string() + "\n");
  const auto run = cohort.grade("out");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  const auto grades = read_gradebook(root / "out/grades.csv");
  REQUIRE(grades.size() == 5);
  CHECK(grades.at("ann").at("grading_status") == "ok");
  CHECK(grades.at("ann").at("percent") == "100.0");
  for (const char* student : {"bo", "cy", "di", "eve"}) {
    INFO(student);
    CHECK(grades.at(student).at("grading_status") == "refused");
    CHECK_THAT(grades.at(student).at("note"), Catch::Contains("outside the submission folder"));
    CHECK(grades.at(student).at("commit").empty());
  }
  CHECK_THAT(grades.at("bo").at("note"), Catch::Contains(".git is a file pointing at " + (root / "ann/.git").string()));
  CHECK_THAT(grades.at("cy").at("note"), Catch::Contains(".git is a symlink to"));
  CHECK_THAT(grades.at("di").at("note"), Catch::Contains(".git/objects/info/alternates borrows objects from"));
  CHECK_THAT(grades.at("eve").at("note"), Catch::Contains(".git is a file pointing at ../ann/.git"));
}

TEST_CASE("verify e2e: on a git bomb, what lists the committed files stops at its limit with an error",
          "[e2e][hostile][repo-limits]") {
  TempDir temp;
  commit_git_bomb(TestRepo(temp.path() / "bomb").handle(), 7);  // only .git: no checkout
  const fs::path labs = write_labs(temp.path() / "labs", {{"tracked", "git: {tracked: [README.md]}"}});
  const auto run =
      test::run_labs({"--labs", labs.string(), "verify", "all", "--repo", "bomb", "--no-cache"}, temp.path());
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("HEAD holds more than 500000 files and folders, too many to read"));
}

TEST_CASE("grade e2e: a local repository of another user is explained, not 'safe.directory was not found'",
          "[grade][e2e][owner]") {
  if (geteuid() != 0) {
    WARN("skipped: needs root to grade as another user");
    return;
  }
  TempDir temp;
  {
    TestRepo theirs(temp.path() / "theirs");
    theirs.write("README.md", "# theirs\n");
    theirs.commit("Start");
  }
  const fs::path mine = temp.path() / "grader";
  fs::create_directories(mine);
  test::write_text(mine / "roster.csv", "student,repo\ntheirs," + (temp.path() / "theirs").string() + "\n");
  REQUIRE(test::run_shell("chown -R 65534:65534 " + mine.string() + " && chmod 755 " + temp.path().string()) == 0);
  const auto run = test::run_labs({"grade", "roster.csv", "week1", "--out", "out"}, mine, {"HOME=" + mine.string()},
                                  "setpriv --reuid=65534 --regid=65534 --clear-groups");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  const auto row = read_gradebook(mine / "out/grades.csv").at("theirs");
  CHECK(row.at("grading_status") == "clone-failed");
  CHECK_THAT(row.at("note"), Catch::Contains("belongs to another user (uid 0)") &&
                                 Catch::Contains("git config --global --add safe.directory"));
}

TEST_CASE("grade e2e: SIGTERM mid-grade ends the probes and leaves no work or scratch folder",
          "[grade][e2e][process]") {
  TempDir temp;
  TestRepo repo(temp.path() / "alice");
  repo.write("a.txt", "a\n");
  repo.commit("Add a file");
  fs::create_directories(temp.path() / "tmp");
  const std::string tag = "labs-grade-signal-" + std::to_string(::getpid());
  const fs::path labs =
      write_labs(temp.path() / "labs",
                 {{"slow", "command: {run: 'cp /bin/sleep ./" + tag + " && ./" + tag + " 60 & wait', scratch: true}"}});
  test::write_text(temp.path() / "roster.csv", "student,repo\nalice,alice\n");
  const std::string script = "cd " + temp.path().string() + " && TMPDIR=" + (temp.path() / "tmp").string() + " " +
                             LABS_BINARY + " --labs " + labs.string() +
                             " grade roster.csv all --out out > /dev/null 2>&1 & pid=$!; " +
                             "for i in $(seq 300); do pgrep -f \"" + tag +
                             "[ ]60\" > /dev/null && break; sleep 0.05; done; kill -TERM $pid; wait $pid; echo $? > " +
                             (temp.path() / "rc").string();
  REQUIRE(test::run_shell("sh -c '" + script + "'") == 0);
  int rc = 0;
  std::ifstream(temp.path() / "rc") >> rc;
  CHECK(rc == 128 + SIGTERM);
  CHECK(test::no_process_named_soon(tag));
  CHECK_FALSE(fs::exists(temp.path() / "out/.work"));
  for (const auto& left : fs::directory_iterator(temp.path() / "tmp"))
    CHECK_FALSE(left.path().filename().string().starts_with("labs-scratch-"));
}

TEST_CASE("grade e2e: a local repository's objects are shared by hard links, never repacked", "[grade][e2e]") {
  TempDir temp;
  TestRepo alice(temp.path() / "alice");
  alice.write("README.md", "# alice\n");
  alice.commit("Start");
  alice.write("data/big.bin", std::string(1 << 20, 'x'));
  alice.commit("Add data");
  // A packed history, and one loose object after it.
  REQUIRE(test::run_shell("cd " + alice.dir().string() + " && git gc -q") == 0);
  alice.write("notes.md", "notes\n");
  alice.commit("Add notes");
  // A symlink among the source's objects (to a folder of its own: one
  // outside is refused before) is not followed into the mirror.
  fs::create_directories(alice.dir() / "elsewhere");
  test::write_text(alice.dir() / "elsewhere/00000000000000000000000000000000000000", "secret\n");
  fs::create_directory_symlink(alice.dir() / "elsewhere", alice.dir() / ".git/objects/ee");
  const fs::path labs =
      write_labs(temp.path() / "labs", {{"readme", "file: {path: README.md}"}, {"notes", "file: {path: notes.md}"}});
  test::write_text(temp.path() / "roster.csv", "student,repo\nalice,alice\n");
  const auto run = test::run_labs(
      {"--labs", labs.string(), "grade", "roster.csv", "all", "--out", "out", "--cache", "cache"}, temp.path());
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto row = read_gradebook(temp.path() / "out/grades.csv").at("alice");
  CHECK(row.at("graded/readme") == "pass");
  CHECK(row.at("graded/notes") == "pass");
  // The mirror's pack is the source's file, not a copy.
  const auto packs_in = [](const fs::path& folder) {
    std::set<ino_t> inodes;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      struct stat info {};
      if (entry.path().extension() == ".pack" && ::stat(entry.path().c_str(), &info) == 0) inodes.insert(info.st_ino);
    }
    return inodes;
  };
  const std::set<ino_t> source_packs = packs_in(alice.dir() / ".git/objects/pack");
  const std::set<ino_t> mirror_packs = packs_in(temp.path() / "cache");
  REQUIRE(source_packs.size() == 1);
  CHECK(mirror_packs.contains(*source_packs.begin()));
  for (const auto& entry : fs::recursive_directory_iterator(temp.path() / "cache"))
    CHECK(entry.path().filename() != "00000000000000000000000000000000000000");
}
