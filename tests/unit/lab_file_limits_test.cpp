// What a lab file may hold: finite numbers, one YAML document, at most
// kMaxYamlFileBytes.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/spec/catalog.hpp>
#include <labs/spec/loader.hpp>
#include <labs/spec/yaml_document.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace labkit;
using labkit::test::messages;

namespace {

/// The problems of a lab with one item of one step (the step on line 10, column 9).
std::string step_problems(const std::string& step) {
  return messages(load_lab(LabSource{"lab.yaml", test::lab_yaml("numbers", 1, {{"a", step}})}).diagnostics);
}

/// A valid lab file padded with a comment to exactly `size` bytes.
std::string lab_of_size(std::size_t size) {
  std::string text = test::lab_yaml("big", 1, {{"a", "file: {path: a.txt}"}}) + "# ";
  text.append(size - text.size() - 1, 'x');
  return text + "\n";
}

}  // namespace

TEST_CASE("lab limits: NaN and infinity are errors at file:line wherever a lab gives a number", "[lab-limits]") {
  for (const std::string value : {".nan", ".NaN", ".inf", "-.inf", "+.Inf"}) {
    INFO(value);
    const std::string found = "must be a finite number, found '" + value + "'";
    CHECK(step_problems("command: {run: 'true', timeout: " + value + "}") ==
          "lab.yaml:10:41: 'timeout' in command check " + found + "\n");
    CHECK(step_problems("pytest: {timeout: " + value + "}") ==
          "lab.yaml:10:27: 'timeout' in pytest check " + found + "\n");
    CHECK(step_problems("service: {run: 'serve {port}', ready: {tcp: true}, ready_timeout: " + value +
                        ", steps: [{http: {path: /}}]}") ==
          "lab.yaml:10:75: 'ready_timeout' in service check " + found + "\n");
    CHECK(step_problems("service: {run: 'serve {port}', steps: [{http: {path: /, timeout: " + value + "}}]}") ==
          "lab.yaml:10:74: 'timeout' in http check " + found + "\n");
    CHECK(step_problems("container: {settle: " + value + "}") ==
          "lab.yaml:10:29: 'settle' in container check " + found + "\n");
    CHECK(step_problems("git: {max_file_size_mb: " + value + "}") ==
          "lab.yaml:10:33: 'max_file_size_mb' in git check " + found + "\n");
    const std::string retry =
        "schema: 1\nid: x\ntrack: t\nweek: 1\ntitle: T\nitems:\n  - id: a\n    text: A\n"
        "    retry_delay: " +
        value + "\n    verify:\n      - file: {path: a.txt}\n";
    CHECK(messages(load_lab(LabSource{"lab.yaml", retry}).diagnostics) ==
          "lab.yaml:9:18: 'retry_delay' in item " + found + "\n");
  }
  // A negative duration or size is refused as before, now with NaN's company.
  CHECK_THAT(step_problems("command: {run: 'true', timeout: -1}"),
             Catch::Contains("lab.yaml:10:41: 'timeout' in command check is in seconds, above 0"));
  CHECK_THAT(step_problems("git: {max_file_size_mb: -0.5}"),
             Catch::Contains("lab.yaml:10:33: 'max_file_size_mb' must be above 0"));
}

TEST_CASE("lab limits: JSON values and mlflow thresholds are finite too", "[lab-limits]") {
  Diagnostics diagnostics;
  SECTION("a NaN in an http check's JSON") {
    CHECK(test::parse_step("http: {path: /, json_equals: {score: .nan}}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("'.nan' is not a JSON number"));
  }
  SECTION("an infinity in a JSON body") {
    CHECK(test::parse_step("http: {path: /, method: POST, json: {values: [1, -.inf]}}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("'-.inf' is not a JSON number"));
  }
  SECTION("quoted, the same text is a string") {
    CHECK(test::parse_step("http: {path: /, json_equals: {score: '.nan'}}", diagnostics) != nullptr);
  }
  for (const std::string bound : {">= nan", "> -inf", "<= infinity"}) {
    INFO(bound);
    CHECK(test::parse_step("mlflow: {thresholds: {accuracy: '" + bound + "'}}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("found '" + bound + "'"));
  }
}

TEST_CASE("lab limits: a second YAML document is an error where it starts", "[lab-limits]") {
  const std::string lab = test::lab_yaml("one", 1, {{"a", "file: {path: a.txt}"}});  // 10 lines
  const std::string second = "a second YAML document starts here, and labs reads one per file";
  CHECK_THAT(messages(load_lab(LabSource{"lab.yaml", lab + "---\nid: two\n"}).diagnostics),
             Catch::StartsWith("lab.yaml:11:1: " + second));
  CHECK_THAT(messages(load_lab(LabSource{"lab.yaml", lab + "...\nid: two\n"}).diagnostics),
             Catch::StartsWith("lab.yaml:12:1: " + second));
  // Without a marker line, after a root that is not a block mapping.
  CHECK_THAT(messages(load_lab(LabSource{"lab.yaml", "{schema: 1}\nid: two\n"}).diagnostics),
             Catch::StartsWith("lab.yaml:2:1: " + second));
  // Before the items, so even reading only the header finds it.
  CHECK_THAT(
      messages(load_lab(LabSource{"lab.yaml", "schema: 1\n---\n" + lab.substr(10)}, LoadDepth::header).diagnostics),
      Catch::StartsWith("lab.yaml:2:1: " + second));
  // A milestones file is read the same way.
  const Bundle bundle = load_bundle({{"labs/milestones.yaml", "schema: 1\ntrack: t\nmilestones: []\n---\n"}});
  CHECK_THAT(messages(bundle.milestone_diagnostics), Catch::StartsWith("labs/milestones.yaml:4:1: " + second));
  // An explicit start and end of the one document are fine.
  const LoadedLab marked = load_lab(LabSource{"lab.yaml", "---\n" + lab + "...\n# the end\n"});
  INFO(messages(marked.diagnostics));
  CHECK(marked.valid());
}

TEST_CASE("lab limits: a lab file over 1 MiB is refused before it is parsed", "[lab-limits]") {
  REQUIRE(kMaxYamlFileBytes == 1U << 20);
  test::TempDir temp;
  test::write_text(temp.path() / "labs/at-limit.yaml", lab_of_size(kMaxYamlFileBytes));
  test::write_text(temp.path() / "labs/over-limit.yaml", lab_of_size(kMaxYamlFileBytes + 1));
  std::vector<std::string> storage;
  const auto sources = read_lab_folder(temp.path() / "labs", storage);
  REQUIRE(sources.size() == 2);
  const std::string over = (temp.path() / "labs/over-limit.yaml").string();
  const std::string refused =
      over +
      ": the file is 1048577 bytes, over the limit of 1048576 bytes (1 MiB): lab files are a few KB, so it "
      "was not parsed\n";
  const Bundle bundle = load_bundle(sources);
  INFO(messages(bundle.labs[0].diagnostics));
  CHECK(bundle.labs[0].valid());
  CHECK(messages(bundle.labs[1].diagnostics) == refused);
  // Its header, which fits in the limit, is not read on its own either.
  const LoadedLab header = load_lab(sources[1], LoadDepth::header);
  CHECK_FALSE(header.header_ok);
  CHECK(messages(header.diagnostics) == refused);
}
