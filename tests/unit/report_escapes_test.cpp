// Learner-made text with terminal escape sequences, run through every report
// format: none passes a raw control on, the escaped form stays visible, and
// the machine formats still parse.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/base/utf8.hpp>
#include <labs/report/report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <regex>
#include <sstream>
#include <vector>

using namespace labkit;

namespace {

/// A clipboard write (OSC 52), a window title (OSC 0), clear screen, the
/// alternate screen, BEL, backspace and CR overwrites, a C1 CSI, NUL, DEL
/// and bytes that are not UTF-8.
const std::string kNasty = std::string("\x1b]52;c;aGFjaw==\x07") + "\x1b]0;owned\x07" + "\x1b[2J" + "\x1b[?1049h" +
                           "FAIL\rPASS " + "done\b\b\b\b" + "\xC2\x9B" + "31m " + std::string(1, '\0') + "\x7f" +
                           "\xff\xfe" + " tail";

/// What a reviewer sees instead of the raw clipboard write.
const std::string kShown = "\\x1b]52;c;aGFjaw==\\x07";

struct NastyRun {
  Lab lab;
  RunResult run;
  NastyRun() {
    lab.id = "escapes";
    lab.track = "mlops";
    lab.title = "Escapes";
    lab.weeks = {1, 1};
    lab.items.resize(2);
    lab.items[0] = Item{"probe", "A probe", "Run it", 1, {}, {{"command", {}, nullptr}}};
    lab.items[1] = Item{"skipped", "Skipped", "", 1, {}, {{"command", {}, nullptr}}};
    run.info = {"0.1.0", "builtin", "sha1:0", "2026-11-22T10:00:00Z", ""};
    run.repo = {
        "/home/learner/" + kNasty, "0123456789abcdef0123456789abcdef01234567", "main" + kNasty, {"notice " + kNasty}};
    LabResult result{&lab, {}};
    result.items.push_back(
        {&lab.items[0],
         Status::fail,
         {{&lab.items[0].steps[0], {Status::fail, "output:\n" + kNasty + "\r\n", "src/" + kNasty, 3}}},
         "note " + kNasty});
    result.items.push_back(
        {&lab.items[1], Status::skip, {{&lab.items[1].steps[0], {Status::skip, kNasty}}}, "skipped " + kNasty});
    run.labs.push_back(result);
  }
};

std::string render(std::string_view format, const RunResult& run, bool color = false) {
  std::ostringstream out;
  find_reporter_kind(format)->make(ReportOptions{color, true})->write(run, out);
  return out.str();
}

/// The first thing in `text` a terminal or an XML reader would act on: a C0
/// control but tab and newline (CR only before a newline), DEL, a C1 control,
/// a byte that is not UTF-8. "" when there is none.
std::string first_raw_control(const std::string& text) {
  if (valid_utf8(text) != text) return "invalid UTF-8";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool line_end = byte == '\n' || (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    const bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((byte < 0x20 && byte != '\t' && !line_end) || byte == 0x7F || c1) {
      return "byte " + std::to_string(byte) + " at " + std::to_string(i) + " after '" +
             text.substr(i < 20 ? 0 : i - 20, std::min<std::size_t>(i, 20)) + "'";
    }
  }
  return "";
}

/// Character references XML 1.0 forbids (pugixml writes a control as one,
/// and reads it back without complaint): every C0 but tab, newline and CR.
std::vector<std::string> illegal_char_references(const std::string& xml) {
  std::vector<std::string> found;
  const std::regex reference("&#(x?)([0-9a-fA-F]+);");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), reference); it != std::sregex_iterator(); ++it) {
    const unsigned long code = std::stoul((*it)[2].str(), nullptr, (*it)[1].length() ? 16 : 10);
    if (code < 0x20 && code != '\t' && code != '\n' && code != '\r') found.push_back(it->str());
  }
  return found;
}

}  // namespace

TEST_CASE("escapes: no report format passes on a raw control from learner text", "[report][escapes]") {
  const NastyRun nasty;
  for (const auto& kind : reporter_kinds()) {
    DYNAMIC_SECTION(kind.name) {
      const std::string out = render(kind.name, nasty.run);
      INFO(out);
      CHECK(first_raw_control(out).empty());
      // JSON writes the backslash of the escape as "\\".
      CHECK_THAT(out, Catch::Contains(kShown) || Catch::Contains("x1b]52;c;aGFjaw==\\\\x07"));
    }
  }
}

TEST_CASE("escapes: the text report keeps its own colours and escapes the learner's", "[report][escapes]") {
  const NastyRun nasty;
  const std::string out = render("text", nasty.run, true);
  CHECK_THAT(out, Catch::Contains("\x1b[31m✗\x1b[0m"));
  const std::string without_colours = std::regex_replace(out, std::regex("\x1b\\[[0-9;]*m"), "");
  INFO(without_colours);
  CHECK(first_raw_control(without_colours).empty());
  CHECK_THAT(without_colours, Catch::Contains(kShown) && Catch::Contains("FAIL\\x0dPASS") &&
                                  Catch::Contains("\\u009b31m") && Catch::Contains("\\x00\\x7f\\xff\\xfe"));
}

TEST_CASE("escapes: JUnit is well-formed XML and JSON parses, with the escaped text", "[report][escapes]") {
  NastyRun nasty;
  // A control in the lab's own text too: XML cannot carry it either way.
  nasty.lab.items[0].hint = "press \x07 then \x1b[2J";
  const std::string xml = render("junit", nasty.run);
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_string(xml.c_str());
  INFO(xml);
  REQUIRE(parsed);
  CHECK(first_raw_control(xml).empty());
  CHECK(illegal_char_references(xml).empty());
  CHECK(illegal_char_references("<a b='&#13;'>&#x1b;&#7;&#9;</a>") == std::vector<std::string>{"&#x1b;", "&#7;"});
  const std::string failure = document.select_node("//failure").node().text().get();
  CHECK_THAT(failure, Catch::Contains(kShown) && Catch::Contains("hint: press \\x07 then \\x1b[2J"));
  test::TempDir temp;
  test::write_text(temp.path() / "r.xml", xml);
  if (test::run_shell("command -v xmllint >/dev/null") == 0) {
    CHECK(test::run_shell("xmllint --noout " + (temp.path() / "r.xml").string()) == 0);
  }
  for (const char* format : {"json", "gradescope"}) {
    nlohmann::json report;
    REQUIRE_NOTHROW(report = nlohmann::json::parse(render(format, nasty.run)));
    if (std::string_view(format) == "json") {
      CHECK(report["labs"][0]["items"][0]["steps"][0]["evidence"] == displayable_text("output:\n" + kNasty + "\r\n"));
      CHECK(report["repo"]["branch"] == displayable_text("main" + kNasty));
    }
  }
}

TEST_CASE("escapes: hostile file names and output cannot break out of markdown's code blocks or details",
          "[report][escapes]") {
  NastyRun nasty;
  const std::string breakout = "evil\n```\n</details>\n# pwned\n````\n<img src=x onerror=alert(1)>";
  auto& step = nasty.run.labs[0].items[0].steps[0].outcome;
  step.evidence = "no test in tests/" + breakout + ".py\n  ```  \n";
  step.path = "tests/" + breakout + ".py";
  nasty.run.repo.notices = {"branch <details><summary>" + breakout};
  const std::string markdown = render("markdown", nasty.run);
  test::TempDir temp;
  test::write_text(temp.path() / "r.md", markdown);
  // CommonMark as GitHub renders it (raw HTML allowed), by markdown-it.
  const auto html_file = temp.path() / "r.html";
  REQUIRE(
      test::run_shell("/usr/bin/python3 -c 'import sys, markdown_it; "
                      "sys.stdout.write(markdown_it.MarkdownIt(\"commonmark\").render(open(sys.argv[1]).read()))' " +
                      (temp.path() / "r.md").string() + " > " + html_file.string()) == 0);
  const std::string html = test::read_text(html_file);
  INFO(markdown << "\n----\n" << html);
  CHECK_THAT(html, !Catch::Contains("<h1>pwned") && !Catch::Contains("<img"));
  // Our own structure is whole: one <details> for the failing item, one for the skipped one, each closed once.
  const auto count = [&](const std::string& what) {
    std::size_t found = 0;
    for (std::size_t at = 0; (at = html.find(what, at)) != std::string::npos; at += what.size()) ++found;
    return found;
  };
  CHECK(count("<details>") == 2);
  CHECK(count("</details>") == 2);
  CHECK(count("<pre><code") == 2);
}
