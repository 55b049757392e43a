#include <labs/spec/catalog.hpp>
#include <labs/spec/selector.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <tuple>

using namespace labkit;

namespace {

std::string lab_text(const std::string& id, const std::string& track, const std::string& weeks,
                     const std::string& days) {
  return fmt::format(R"(schema: 1
id: {}
track: {}
{}
{}
title: Lab {}
items:
  - id: one
    text: One
    verify: [{{git: {{clean: true}}}}]
  - id: two
    text: Two
    verify: [{{git: {{clean: true}}}}]
)",
                     id, track, weeks, days, id);
}

struct Fixture {
  std::vector<std::string> texts{
      lab_text("git-basics", "mlops", "week: 1", "days: [3, 4]"),
      lab_text("mlops-intro", "mlops", "week: 1", "days: [1, 2]"),
      lab_text("mlflow", "mlops", "week: 2", "days: [8, 10]"),
      lab_text("airflow", "mlops", "weeks: [5, 6]", ""),
      lab_text("crud", "backend", "week: 1", ""),
  };
  Bundle bundle;
  Fixture() {
    std::vector<LabSource> sources;
    for (std::size_t i = 0; i < texts.size(); ++i) sources.push_back({fmt::format("{}.yaml", i), texts[i]});
    bundle = load_bundle(sources);
  }

  /// The ids of the selected labs, with "/item" where only some items are chosen.
  std::vector<std::string> pick(const std::vector<std::string>& words, std::string& error) {
    std::vector<Selector> selectors;
    for (const auto& word : words) {
      auto selector = parse_selector(word, bundle_tracks(bundle), error);
      if (!selector) return {};
      selectors.push_back(*selector);
    }
    std::vector<std::string> ids;
    for (const auto& selection : select_labs(bundle, selectors, "mlops", error)) {
      std::string id = selection.lab->lab.id;
      for (const auto& item : selection.item_ids) id += "/" + item;
      ids.push_back(id);
    }
    return ids;
  }
  std::vector<std::string> pick(const std::vector<std::string>& words) {
    std::string error;
    auto ids = pick(words, error);
    INFO(error);
    CHECK(error.empty());
    return ids;
  }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("selectors pick labs by week, day, id and track", "[selector]") {
  Fixture f;
  CHECK(f.pick({"week1"}) == Ids{"mlops-intro", "git-basics"});
  CHECK(f.pick({"w1"}) == Ids{"mlops-intro", "git-basics"});
  CHECK(f.pick({"day3"}) == Ids{"git-basics"});
  CHECK(f.pick({"d9"}) == Ids{"mlflow"});
  CHECK(f.pick({"week6"}) == Ids{"airflow"});
  CHECK(f.pick({"mlops/week2"}) == Ids{"mlflow"});
  CHECK(f.pick({"backend/week1"}) == Ids{"crud"});
  CHECK(f.pick({"crud"}) == Ids{"crud"});
  CHECK(f.pick({"all"}) == Ids{"mlops-intro", "git-basics", "mlflow", "airflow"});
  CHECK(f.pick({"backend/all"}) == Ids{"crud"});
}

TEST_CASE("an item selector narrows a lab to that item", "[selector]") {
  Fixture f;
  CHECK(f.pick({"week1/two"}) == Ids{"mlops-intro/two", "git-basics/two"});
  CHECK(f.pick({"git-basics/one"}) == Ids{"git-basics/one"});
  CHECK(f.pick({"mlops/git-basics/two"}) == Ids{"git-basics/two"});
  // A whole-lab selector wins over an item selector of the same lab.
  CHECK(f.pick({"git-basics/one", "day3"}) == Ids{"git-basics"});
}

TEST_CASE("several selectors are merged in catalog order without repeats", "[selector]") {
  Fixture f;
  CHECK(f.pick({"week2", "day1", "week1"}) == Ids{"mlops-intro", "git-basics", "mlflow"});
}

TEST_CASE("bad selectors say what exists instead", "[selector]") {
  Fixture f;
  std::string error;
  CHECK(f.pick({"week9"}, error).empty());
  CHECK(error == "no mlops lab covers week 9 (weeks with labs: 1, 2, 5, 6)");
  CHECK(f.pick({"day30"}, error).empty());
  CHECK(error == "no mlops lab covers day 30 (labs list shows the days)");
  CHECK(f.pick({"git-basic"}, error).empty());
  CHECK(error == "no lab is called 'git-basic' (did you mean 'git-basics'?)");
  CHECK(f.pick({"week1/three"}, error).empty());
  CHECK_THAT(error, Catch::Contains("no selected lab has an item 'three'"));
  CHECK(f.pick({"all/one"}, error).empty());
  CHECK_THAT(error, Catch::Contains("is not a selector"));
  CHECK(f.pick({"a/b/c/d"}, error).empty());
  CHECK_THAT(error, Catch::Contains("is not a selector"));
  // An unknown first part is taken as a lab id, not silently as a track.
  CHECK(f.pick({"ops/week1"}, error).empty());
  CHECK(error == "no lab is called 'ops' (labs list shows them)");
  CHECK(f.pick({""}, error).empty());
  CHECK_THAT(error, Catch::Contains("is not a selector"));
}

TEST_CASE("a run of selectors loads whole only the labs they name, each with the header a whole load gives",
          "[selector][catalog]") {
  const auto sources = embedded_lab_sources();
  const Bundle whole = load_bundle(sources);
  Bundle partial = load_bundle_headers(sources);
  const auto tracks = bundle_tracks(partial);
  std::vector<Selector> selectors;
  for (const char* text : {"git-basics/first-commits", "week3"}) {
    std::string error;
    auto selector = parse_selector(text, tracks, error);
    REQUIRE(selector);
    selectors.push_back(*selector);
  }
  load_named_labs(partial, sources, selectors, "mlops");
  REQUIRE(partial.labs.size() == whole.labs.size());
  std::size_t loaded_whole = 0;
  for (std::size_t i = 0; i < whole.labs.size(); ++i) {
    const Lab& expected = whole.labs[i].lab;
    const Lab& got = partial.labs[i].lab;
    INFO(expected.source);
    CHECK(partial.labs[i].valid());
    CHECK(std::tie(got.id, got.track, got.weeks.first, got.weeks.last, got.title, got.summary) ==
          std::tie(expected.id, expected.track, expected.weeks.first, expected.weeks.last, expected.title,
                   expected.summary));
    CHECK(got.days.has_value() == expected.days.has_value());
    const bool named = got.id == "git-basics" || (got.track == "mlops" && got.weeks.covers(3));
    CHECK(got.items.size() == (named ? expected.items.size() : 0));
    loaded_whole += named ? 1 : 0;
  }
  CHECK(loaded_whole >= 3);
}

TEST_CASE("a lab whose header keys follow its items still gives its header", "[selector]") {
  const std::string text =
      "schema: 1\nitems:\n  - id: one\n    text: One\n    verify: [{git: {clean: true}}]\n"
      "id: late\ntrack: mlops\nweek: 2\ntitle: Late\n";
  const LoadedLab header = load_lab({"late.yaml", text}, LoadDepth::header);
  CHECK(header.valid());
  CHECK(header.lab.id == "late");
  CHECK(header.lab.weeks.first == 2);
}
