// Lab texts per language and the milestones files that hold a roadmap's checklist.
#include "support/check_harness.hpp"

#include <labs/base/language.hpp>
#include <labs/spec/loader.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace labkit;
using labkit::test::messages;

namespace {

const char* const kBilingualLab = R"(schema: 1
id: git-basics
track: mlops
week: 1
title: {en: Git basics, ru: Основы Git}
items:
  - id: first-commits
    text:
      en: Made the first commits
      ru: Сделал первые коммиты
    hint: {en: Commit early}
    why: Every later week builds on the history.
    verify:
      - git: {commits: {min: 3}}
)";

/// Sets the language for one test and restores English after it.
struct Language {
  explicit Language(const char* code) { set_text_language(code); }
  ~Language() { set_text_language("en"); }
};

}  // namespace

TEST_CASE("language: a lab text is shown in the chosen language, English when it has none", "[loader][language]") {
  {
    const Language russian("ru");
    const auto loaded = load_lab({"lab.yaml", kBilingualLab});
    REQUIRE(loaded.valid());
    CHECK(loaded.lab.title == "Основы Git");
    CHECK(loaded.lab.items[0].text == "Сделал первые коммиты");
    CHECK(loaded.lab.items[0].hint == "Commit early");  // no Russian hint: the English one
    CHECK(loaded.lab.items[0].why == "Every later week builds on the history.");
  }
  const auto english = load_lab({"lab.yaml", kBilingualLab});
  CHECK(english.lab.title == "Git basics");
}

TEST_CASE("language: a text per language must include English and hold only texts", "[loader][language]") {
  std::string lab = kBilingualLab;
  const std::string both = "{en: Git basics, ru: Основы Git}";
  lab.replace(lab.find(both), both.size(), "{ru: Основы Git}");
  CHECK_THAT(messages(load_lab({"lab.yaml", lab}).diagnostics),
             Catch::Contains("lab.yaml:5:8: 'title' in lab gives languages but not en"));
  std::string nested = kBilingualLab;
  const std::string hint = "{en: Commit early}";
  nested.replace(nested.find(hint), hint.size(), "{en: [a, b]}");
  CHECK_THAT(messages(load_lab({"lab.yaml", nested}).diagnostics),
             Catch::Contains("'hint' in item must be text, or text per language"));
}

TEST_CASE("language: the locale picks it, as gettext does", "[language]") {
  const auto with = [](const char* lang) {
    ::unsetenv("LANGUAGE");
    ::unsetenv("LC_ALL");
    ::unsetenv("LC_MESSAGES");
    ::setenv("LANG", lang, 1);
    return language_from_environment();
  };
  CHECK(with("ru_RU.UTF-8") == "ru");
  CHECK(with("C.UTF-8") == "en");
  CHECK(with("") == "en");
  ::setenv("LC_ALL", "ru_RU.UTF-8", 1);
  CHECK(language_from_environment() == "ru");
  ::unsetenv("LC_ALL");
  ::unsetenv("LANG");
}

TEST_CASE("milestones: a track's checklist is loaded beside its labs, and a line naming no real item is an error",
          "[loader]") {
  const std::string milestones = R"(schema: 1
track: mlops
milestones:
  - after: week 1
    text: {en: Made commits, ru: Сделал коммиты}
    items: [git-basics/first-commits]
  - after: week 1
    text: Added logging
    items: [git-basics/loging]
  - after: month 3
    text: Understand enterprise MLOps
)";
  const auto bundle =
      load_bundle({{"labs/mlops/week1/git.yaml", kBilingualLab}, {"labs/mlops/milestones.yaml", milestones}});
  REQUIRE(bundle.labs.size() == 1);
  REQUIRE(bundle.milestones.size() == 3);
  CHECK(bundle.milestones[0].variants == std::vector<std::string>{"Made commits", "Сделал коммиты"});
  CHECK(bundle.milestones[2].items.empty());
  REQUIRE(bundle.milestone_diagnostics.all().size() == 1);
  CHECK_THAT(messages(bundle.milestone_diagnostics),
             Catch::Contains("labs/mlops/milestones.yaml:9:12: milestone 'Added logging' names 'git-basics/loging'"));
}
