#include "support/check_harness.hpp"

#include <labs/spec/loader.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using labkit::test::messages;

namespace {

LoadedLab load(const std::string& text) { return load_lab(LabSource{"lab.yaml", text}); }

const char* const kValidLab = R"(schema: 1
id: git-basics
track: mlops
week: 1
days: [3, 4]
title: Git basics
items:
  - id: first-commits
    text: Made the first commits
    hint: Commit early
    points: 2
    verify:
      - git: {commits: {min: 3}}
  - id: gitignore
    text: A .gitignore
    verify:
      - file: {path: .gitignore, contains: [".venv"]}
)";

}  // namespace

TEST_CASE("a valid lab loads with every field", "[loader]") {
  const LoadedLab loaded = load(kValidLab);
  INFO(messages(loaded.diagnostics));
  REQUIRE(loaded.valid());
  const Lab& lab = loaded.lab;
  CHECK(lab.id == "git-basics");
  CHECK(lab.track == "mlops");
  CHECK(lab.weeks.first == 1);
  REQUIRE(lab.days.has_value());
  CHECK(lab.days->first == 3);
  CHECK(lab.days->last == 4);
  REQUIRE(lab.items.size() == 2);
  CHECK(lab.items[0].points == 2);
  CHECK(lab.items[1].points == 1);
  CHECK(lab.items[0].hint == "Commit early");
  REQUIRE(lab.items[0].steps.size() == 1);
  CHECK(lab.items[0].steps[0].kind == "git");
  CHECK(lab.items[0].steps[0].where.line == 13);
  CHECK(lab.span_label() == "week 1 · days 3-4");
}

TEST_CASE("YAML syntax errors carry line and column", "[loader]") {
  const LoadedLab loaded = load("schema: 1\nid: x\nitems: [\n  - a: b\n");
  REQUIRE_FALSE(loaded.valid());
  const auto text = messages(loaded.diagnostics);
  CHECK_THAT(text, Catch::StartsWith("lab.yaml:"));
  CHECK_THAT(text, Catch::Contains("YAML syntax error"));
  CHECK(loaded.diagnostics.all().front().where.line > 0);
}

TEST_CASE("schema errors are reported as file:line:col with a did-you-mean", "[loader]") {
  SECTION("misspelled key") {
    std::string text = kValidLab;
    text.replace(text.find("    hint: Commit early"), 22, "    hnit: Commit early");
    const auto report = messages(load(text).diagnostics);
    CHECK(report == "lab.yaml:10:5: unknown key 'hnit' in item (did you mean 'hint'?)\n");
  }
  SECTION("misspelled check key") {
    std::string text = kValidLab;
    text.replace(text.find("contains:"), 9, "contians:");
    CHECK(messages(load(text).diagnostics) ==
          "lab.yaml:17:34: unknown key 'contians' in file check (did you mean 'contains'?)\n");
  }
  SECTION("unknown check kind") {
    std::string text = kValidLab;
    text.replace(text.find("- git:"), 6, "- gti:");
    CHECK(messages(load(text).diagnostics) == "lab.yaml:13:9: unknown check kind 'gti' (did you mean 'git'?)\n");
  }
  SECTION("wrong type") {
    std::string text = kValidLab;
    text.replace(text.find("points: 2"), 9, "points: many");
    CHECK(messages(load(text).diagnostics) ==
          "lab.yaml:11:13: 'points' in item must be a whole number, found 'many'\n");
  }
  SECTION("missing field") {
    std::string text = kValidLab;
    text.replace(text.find("    text: A .gitignore\n"), 23, "");
    CHECK(messages(load(text).diagnostics) == "lab.yaml:14:5: item is missing the required key 'text'\n");
  }
  SECTION("duplicate item id") {
    std::string text = kValidLab;
    text.replace(text.find("id: gitignore"), 13, "id: first-commits");
    CHECK(messages(load(text).diagnostics) ==
          "lab.yaml:14:9: duplicate item id 'first-commits' (first used at line 8)\n");
  }
  SECTION("duplicate key") {
    std::string text = kValidLab;
    text.replace(text.find("title: Git basics"), 17, "title: Git basics\ntitle: Again");
    CHECK_THAT(messages(load(text).diagnostics), Catch::Contains("lab.yaml:7:1: duplicate key 'title' in lab"));
  }
  SECTION("unsupported schema") {
    std::string text = kValidLab;
    text.replace(0, 9, "schema: 7");
    CHECK(messages(load(text).diagnostics) ==
          "lab.yaml:1:9: schema 7 is not supported by this labs (it reads schema 1)\n");
  }
  SECTION("day range running backwards") {
    std::string text = kValidLab;
    text.replace(text.find("[3, 4]"), 6, "[4, 3]");
    CHECK_THAT(messages(load(text).diagnostics), Catch::Contains("lab.yaml:5:7: 'days' must run upwards"));
  }
}

TEST_CASE("check specs are validated when the lab loads", "[loader]") {
  Diagnostics diagnostics;
  SECTION("an invalid regular expression") {
    CHECK(test::parse_step("file: {path: a.txt, matches: ['(unclosed']}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("invalid regular expression '(unclosed'"));
  }
  SECTION("a path that leaves the repository") {
    CHECK(test::parse_step("file: {path: ../secret.txt}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("leads outside the repository"));
  }
  SECTION("an absolute path") {
    CHECK(test::parse_step("file: {path: /etc/passwd}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("is absolute"));
  }
  SECTION("a glob given as a path is not guessed") {
    CHECK(test::parse_step("file: {path: 'src/*.py'}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("use 'glob:' for patterns"));
  }
  SECTION("a count range with max below min") {
    CHECK(test::parse_step("git: {commits: {min: 5, max: 2}}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("'max' (2) is below 'min' (5)"));
  }
  SECTION("an empty list checks nothing") {
    CHECK(test::parse_step("file: {path: a, contains: []}", diagnostics) == nullptr);
    CHECK_THAT(messages(diagnostics), Catch::Contains("empty list"));
  }
  SECTION("a step with two kinds") {
    const LoadedLab loaded = load_lab(LabSource{"l.yaml", R"(schema: 1
id: x
track: t
week: 1
title: T
items:
  - id: a
    text: A
    verify:
      - {git: {clean: true}, file: {path: a}}
)"});
    CHECK_THAT(messages(loaded.diagnostics), Catch::Contains("l.yaml:10:9: a step must name exactly one check kind"));
  }
}

TEST_CASE("a lab id used twice in a bundle is an error of the later file", "[loader]") {
  const Bundle bundle = load_bundle({{"a.yaml", kValidLab}, {"b.yaml", kValidLab}});
  CHECK(bundle.labs[0].valid());
  CHECK(messages(bundle.labs[1].diagnostics) == "b.yaml: lab id 'git-basics' is already used by a.yaml\n");
}

TEST_CASE("every lab of the built-in catalog is valid", "[loader][catalog]") {
  const Bundle bundle = load_bundle(embedded_lab_sources());
  REQUIRE_FALSE(bundle.labs.empty());
  for (const auto& loaded : bundle.labs) {
    INFO(loaded.lab.source << "\n" << messages(loaded.diagnostics));
    CHECK(loaded.valid());
  }
}

TEST_CASE("a manual item has evidence instead of steps, never both", "[loader]") {
  const std::string head =
      "schema: 1\nid: deploy\ntrack: mlops\nweek: 4\ntitle: Deploy\nitems:\n  - id: cloud\n    text: Deployed\n";
  const LoadedLab manual = load(head + "    manual: {evidence: {en: the URL, ru: адрес}, counts_in_ci: true}\n");
  INFO(messages(manual.diagnostics));
  REQUIRE(manual.valid());
  REQUIRE(manual.lab.items[0].manual.has_value());
  CHECK(manual.lab.items[0].manual->evidence == "the URL");
  CHECK(manual.lab.items[0].manual->counts_in_ci);
  CHECK(manual.lab.items[0].steps.empty());

  const LoadedLab both = load(head + "    manual: {evidence: the URL}\n    verify:\n      - file: {path: README.md}\n");
  CHECK_THAT(messages(both.diagnostics),
             Catch::Contains("lab.yaml:11:") && Catch::Contains("give 'manual' or 'verify', not both"));
  const LoadedLab bare = load(head + "    manual: {counts_in_ci: yes}\n");
  CHECK_THAT(messages(bare.diagnostics), Catch::Contains("evidence"));
}

TEST_CASE("lint: a pattern in a key that names one path is an error, not a step every learner fails", "[loader]") {
  for (const std::string step :
       {"dockerfile: {path: 'docker/*'}", "compose: {path: '**/compose.yml'}", "python: {pinned: 'requirements*.txt'}",
        "prometheus: {config: '{monitoring,.}/prometheus.yml'}", "migrations: {dir: 'alembic?'}"}) {
    Diagnostics diagnostics;
    INFO(step);
    CHECK(test::parse_step(step, diagnostics) == nullptr);
    CHECK_THAT(test::messages(diagnostics), Catch::Contains("names one path") && Catch::Contains("is a pattern"));
  }
  Diagnostics fine;
  CHECK(test::parse_step("dockerfile: {path: docker/Dockerfile, multi_stage: true}", fine) != nullptr);
  CHECK(test::messages(fine).empty());
}
