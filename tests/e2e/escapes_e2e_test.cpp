// A probe that writes terminal escape sequences (a clipboard write, clear
// screen, the alternate screen) and fails: the built binary's reports show
// them escaped, and none reaches the terminal or a report file raw.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

using namespace labkit;

TEST_CASE("escapes: a probe's escape sequences reach no report raw", "[e2e][escapes]") {
  test::TempDir temp;
  test::TestRepo repo(temp.path() / "project");
  repo.write("a.txt", "a\n");
  repo.commit("Start");
  test::write_text(temp.path() / "labs/escapes.yaml",
                   test::lab_yaml("escapes", 1,
                                  {{"noisy",
                                    "command:\n          run: |\n            printf '"
                                    R"(\033]52;c;aGFjaw==\007\033[2J\033[?1049h)"
                                    "'; exit 1"}}));
  const auto junit = temp.path() / "report.xml";
  const auto markdown = temp.path() / "report.md";
  const auto run = test::run_labs({"--labs", (temp.path() / "labs").string(), "verify", "week1", "--report", "text",
                                   "--report", "junit:" + junit.string(), "--report", "markdown:" + markdown.string()},
                                  temp.path() / "project");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  const std::string shown = R"(\x1b]52;c;aGFjaw==\x07\x1b[2J\x1b[?1049h)";
  for (const auto& [name, text] : {std::pair<std::string, std::string>{"terminal", run.out + run.err},
                                   {"junit", test::read_text(junit)},
                                   {"markdown", test::read_text(markdown)}}) {
    INFO(name << ":\n" << text);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK_THAT(text, Catch::Contains(shown));
  }
  pugi::xml_document document;
  CHECK(document.load_file(junit.c_str()));
  // pugixml would write ESC as the reference &#27;, which XML 1.0 forbids.
  CHECK(test::read_text(junit).find("&#27;") == std::string::npos);
  if (test::run_shell("command -v xmllint >/dev/null") == 0) {
    CHECK(test::run_shell("xmllint --noout " + junit.string()) == 0);
  }
}
