// The pieces of `labs grade`: the roster reader, shards, times, rows as JSON,
// grades.csv, and report.html rendered by a real headless Chromium.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/grade/grade.hpp>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

using namespace labkit::grade;
namespace fs = std::filesystem;

namespace {

std::vector<RosterEntry> roster_of(const std::string& text, std::vector<std::string>& errors,
                                   labkit::test::TempDir& temp) {
  labkit::test::write_text(temp.path() / "roster.csv", text);
  return read_roster(temp.path() / "roster.csv", errors);
}

Row row(const std::string& student, int line, double score, std::vector<std::pair<std::string, std::string>> items) {
  Row r{student, "/repos/" + student, "", line};
  r.commit = std::string(40, 'a');
  r.commit_time = r.author_time = 1'763'000'000;
  r.score = score;
  r.max_score = static_cast<double>(items.size());
  r.items = std::move(items);
  r.key = "k";
  return r;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("roster: quoted fields, a ref column, relative paths and URLs", "[grade]") {
  labkit::test::TempDir temp;
  std::vector<std::string> errors;
  const auto roster = roster_of(
      "Student, Repo ,Ref\r\n\"Lee, Ann\",repos/ann,feature\r\n\r\nBo,https://git.example/bo.git,\r\n", errors, temp);
  CHECK(errors.empty());
  REQUIRE(roster.size() == 2);
  CHECK(roster[0].student == "Lee, Ann");
  CHECK(roster[0].repo == (temp.path() / "repos/ann").string());
  CHECK(roster[0].ref == "feature");
  CHECK(roster[0].line == 2);
  CHECK(roster[1].repo == "https://git.example/bo.git");
  CHECK(roster[1].line == 4);
}

TEST_CASE("roster: every problem is reported with its line", "[grade]") {
  labkit::test::TempDir temp;
  std::vector<std::string> errors;
  roster_of("name,url\nann,x\n", errors, temp);
  CHECK(errors ==
        std::vector<std::string>{"roster.csv:1: the header has no 'student' column (expected: student,repo[,branch])",
                                 "roster.csv:1: the header has no 'repo' column (expected: student,repo[,branch])"});
  errors.clear();
  roster_of("student,repo\nann,a\n,b\nbo,\nann,c\nAnn!,d\n", errors, temp);
  CHECK(errors ==
        std::vector<std::string>{
            "roster.csv:3: the student is empty", "roster.csv:4: the repo is empty",
            "roster.csv:5: student 'ann' is already on line 2 (names must differ in letters, digits, - _ .)"});
  errors.clear();
  roster_of("student,repo\n\"ann,a\n", errors, temp);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::StartsWith("roster.csv:") && Catch::Contains("not valid CSV"));
  errors.clear();
  roster_of("", errors, temp);
  CHECK(errors ==
        std::vector<std::string>{"roster.csv:1: the roster is empty; it needs a header row: student,repo,branch"});
}

TEST_CASE("file keys stay inside the output folder, and shards are disjoint and cover the roster", "[grade]") {
  CHECK(file_key("Lee, Ann") == "Lee__Ann");
  CHECK(file_key("../../etc/passwd") == "_.._etc_passwd");
  CHECK(file_key("..") == "_");
  CHECK(file_key("Пётр") == "Пётр");
  std::vector<RosterEntry> roster;
  for (int i = 0; i < 10; ++i) roster.push_back({"s" + std::to_string(i), "r", "", i + 2});
  std::vector<std::string> seen;
  for (int k = 1; k <= 3; ++k) {
    for (const auto& entry : shard_of(roster, k, 3)) seen.push_back(entry.student);
  }
  std::sort(seen.begin(), seen.end());
  CHECK(seen.size() == 10);
  CHECK(std::unique(seen.begin(), seen.end()) == seen.end());
  CHECK(shard_of(roster, 1, 3).size() == 4);
  CHECK(shard_of(roster, 1, 1).size() == 10);
}

TEST_CASE("deadline times: UTC by default, Z or an offset", "[grade]") {
  CHECK(parse_time("2025-11-13T02:14:20Z") == 1'763'000'060);
  CHECK(parse_time("2025-11-13 02:14:20") == 1'763'000'060);
  CHECK(parse_time("2025-11-13T05:14:20+03:00") == 1'763'000'060);
  CHECK(parse_time("2025-11-12T21:14:20-05:00") == 1'763'000'060);
  CHECK(parse_time("2025-11-13") == 1'762'992'000);
  CHECK_FALSE(parse_time("friday"));
  CHECK_FALSE(parse_time("2025-11-13T02:14:20 CET"));
  CHECK(format_time(1'763'000'060) == "2025-11-13T02:14:20Z");
}

TEST_CASE("rows survive JSON, and a cut-off row is not trusted", "[grade]") {
  Row original = row("ann", 2, 1, {{"lab/a", "pass"}, {"lab/b", "fail"}});
  original.flags = {"dates out of order"};
  original.note = "x \"quoted\"";
  original.evidence["lab/b"] = "README.md not found";
  const auto back = row_from_json(row_to_json(original));
  REQUIRE(back);
  CHECK(back->evidence == original.evidence);
  CHECK(back->student == "ann");
  CHECK(back->items == original.items);
  CHECK(back->flags == original.flags);
  CHECK(back->note == original.note);
  const std::string text = row_to_json(original);
  CHECK_FALSE(row_from_json(text.substr(0, text.size() / 2)));
  CHECK_FALSE(row_from_json(""));
}

TEST_CASE("grades.csv quotes every field and leaves ungraded rows' scores empty", "[grade]") {
  Row broken{"Bo \"B\", Jr.", "/repos/bo", "", 3};
  broken.status = "clone-failed";
  broken.note = "no such folder";
  const std::string csv = gradebook_csv({row("ann", 2, 1, {{"lab/a", "pass"}, {"lab/b", "fail"}}), broken});
  CHECK(csv ==
        "\"student\",\"repo\",\"commit\",\"commit_date\",\"author_date\",\"grading_status\",\"note\",\"score\",\"max\","
        "\"percent\",\"flags\",\"lab/a\",\"lab/b\"\r\n"
        "\"ann\",\"/repos/ann\",\"" +
            std::string(40, 'a') +
            "\",\"2025-11-13T02:13:20Z\",\"2025-11-13T02:13:20Z\",\"ok\",\"\","
            "\"1\",\"2\",\"50.0\",\"\",\"pass\",\"fail\"\r\n"
            "\"Bo \"\"B\"\", Jr.\",\"/repos/bo\",\"\",\"\",\"\",\"clone-failed\",\"no such "
            "folder\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n");
}

TEST_CASE("report.html renders in headless Chromium with its heatmap, pass rates and distribution",
          "[grade][chromium]") {
  labkit::test::TempDir temp;
  std::vector<Row> rows{row("ann", 2, 3, {{"lab/easy", "pass"}, {"lab/mid", "pass"}, {"lab/hard", "pass"}}),
                        row("<b>bo</b>", 3, 1, {{"lab/easy", "pass"}, {"lab/mid", "fail"}, {"lab/hard", "fail"}}),
                        row("cy", 4, 2, {{"lab/easy", "pass"}, {"lab/mid", "pass"}, {"lab/hard", "error"}})};
  Row broken{"dee", "/repos/dee", "", 5};
  broken.status = "clone-failed";
  rows.push_back(broken);
  const std::string html = gradebook_html(rows, "week 1 & 2");
  CHECK_THAT(html, Catch::Contains("&lt;b&gt;bo&lt;/b&gt;") && !Catch::Contains("<b>bo</b>"));
  CHECK_THAT(html, Catch::Contains("<title>week 1 &amp; 2</title>"));
  labkit::test::write_text(temp.path() / "report.html", html);

  const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --no-first-run --window-size=1000,700 ";
  const std::string page = "file://" + (temp.path() / "report.html").string();
  REQUIRE(labkit::test::run_shell(chromium + "--dump-dom " + page + " > " + (temp.path() / "dom.html").string() +
                                  " 2>/dev/null") == 0);
  const std::string dom = read_file(temp.path() / "dom.html");
  const auto count = [&](const std::string& pattern) {
    const std::regex re(pattern);
    return std::distance(std::sregex_iterator(dom.begin(), dom.end(), re), std::sregex_iterator());
  };
  CHECK(count("<td class=\"student\">") == 4 + 3);  // four learners, three items in the pass-rate table
  CHECK(count("<td class=\"pass\"") == 6);
  CHECK(count("<td class=\"fail\"") == 2);
  CHECK(count("<rect class=\"bar\"") == 10);
  // Hardest first: hard (33%), mid (67%), easy (100%).
  const auto hard = dom.find(">lab/hard</td><td>33%"), mid = dom.find(">lab/mid</td><td>67%"),
             easy = dom.find(">lab/easy</td><td>100%");
  CHECK(hard != std::string::npos);
  CHECK(hard < mid);
  CHECK(mid < easy);
  CHECK(easy != std::string::npos);

  REQUIRE(labkit::test::run_shell(chromium + "--screenshot=" + (temp.path() / "shot.png").string() + " " + page +
                                  " >/dev/null 2>&1") == 0);
  const std::string png = read_file(temp.path() / "shot.png");
  REQUIRE(png.size() > 24);
  CHECK(png.substr(1, 3) == "PNG");
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  CHECK(be32(16) == 1000);  // IHDR width and height: the whole window was drawn
  CHECK(be32(20) == 700);
  CHECK(png.size() > 20000);  // a blank page compresses to a few KiB
}

TEST_CASE("report.html at class scale: summary first, sticky headers and names, links and why on hover",
          "[grade][chromium]") {
  const int learners = GENERATE(12, 200);
  constexpr int kItems = 55;
  std::vector<Row> rows;
  int full_marks = 0;
  for (int l = 0; l < learners; ++l) {
    std::vector<std::pair<std::string, std::string>> items;
    int passed = 0;
    for (int i = 0; i < kItems; ++i) {
      const bool pass = l % 4 == 0 || (i + l) % 3 != 0;
      passed += pass;
      items.emplace_back(fmt::format("lab-{}/item-{:02}", i / 5, i), pass ? "pass" : "fail");
    }
    Row learner = row(fmt::format("Learner {:03}", l), l + 2, passed, std::move(items));
    for (const auto& [id, status] : learner.items)
      if (status == "fail") learner.evidence[id] = "Dockerfile:3: FROM python has no tag (DL3006)";
    full_marks += passed == kItems;
    rows.push_back(std::move(learner));
  }
  std::string html = gradebook_html(rows, "labs grade: week1 week2");
  // Measured by Chromium's own layout: where each part starts, and what stays
  // in view once the heatmap is scrolled to its far corner.
  const std::string measure = R"(<script>
const box = document.getElementById('heatmap-box');
const topOf = id => document.getElementById(id).getBoundingClientRect().top + window.scrollY;
const order = ['summary', 'score-distribution', 'pass-rates', 'heatmap'].map(topOf);
box.scrollTop = 1e6; box.scrollLeft = 1e6;
const frame = box.getBoundingClientRect();
const corner = document.querySelector('#heatmap thead th.student').getBoundingClientRect();
const names = document.querySelectorAll('#heatmap tbody td.student');
const last = names[names.length - 1].getBoundingClientRect();
document.body.dataset.layout = JSON.stringify({order, scrolledX: box.scrollLeft, frameHeight: frame.height,
  headerTop: corner.top - frame.top, nameLeft: last.left - frame.left, lastNameVisible: last.bottom <= frame.bottom + 1});
</script>)";
  html.insert(html.rfind("</body>"), measure);
  labkit::test::TempDir temp;
  labkit::test::write_text(temp.path() / "report.html", html);
  const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --no-first-run --window-size=1280,800 ";
  const std::string page = "file://" + (temp.path() / "report.html").string();
  REQUIRE(labkit::test::run_shell(chromium + "--dump-dom " + page + " > " + (temp.path() / "dom.html").string() +
                                  " 2>/dev/null") == 0);
  const std::string dom = read_file(temp.path() / "dom.html");
  const auto start = dom.find("data-layout=\"");
  REQUIRE(start != std::string::npos);
  std::string layout_text = dom.substr(start + 13, dom.find('"', start + 13) - start - 13);
  for (std::size_t at; (at = layout_text.find("&quot;")) != std::string::npos;) layout_text.replace(at, 6, "\"");
  const auto layout = nlohmann::json::parse(layout_text);
  INFO(learners << " learners: " << layout.dump());
  const auto order = layout["order"].get<std::vector<double>>();
  CHECK(std::is_sorted(order.begin(), order.end()));
  CHECK(order[1] < 300);                         // the distribution is on the first screen
  CHECK(layout["scrolledX"].get<double>() > 0);  // 55 items are wider than the window: the box scrolls sideways
  CHECK(layout["frameHeight"].get<double>() <= 0.85 * 800 + 2);
  CHECK(std::abs(layout["headerTop"].get<double>()) <= 2);  // the item headers stay at the top
  CHECK(std::abs(layout["nameLeft"].get<double>()) <= 2);   // the names stay at the left
  CHECK(layout["lastNameVisible"].get<bool>());
  // Every learner links to their feedback, each cell says why, 100 % has its own bar.
  const auto count = [&](const std::string& text) {
    std::size_t found = 0;
    for (std::size_t at = 0; (at = dom.find(text, at)) != std::string::npos; at += text.size()) ++found;
    return found;
  };
  CHECK(count("<a href=\"feedback/Learner_") == static_cast<std::size_t>(learners));
  CHECK(count(": fail — Dockerfile:3: FROM python has no tag (DL3006)\"") > 0);
  CHECK_THAT(dom, Catch::Contains(fmt::format("<title>100%: {}</title>", full_marks)));
  CHECK_THAT(dom, Catch::Contains("<title>labs grade: week1 week2</title>"));
}
