// The catalog speaks both languages of the roadmaps: every text for people
// in the built-in labs and milestones (titles, summaries, item texts, hints,
// reasons, the evidence a manual item asks for, quiz questions) has English
// and Russian. A text added in English only fails here, naming its place.
#include <labs/spec/catalog.hpp>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace labkit;

namespace {

/// "file:line: key" for each text for people under `node[key]` that lacks a language.
void need_both(const YAML::Node& node, const char* key, const std::string& file, std::vector<std::string>& missing) {
  if (!node || !node.IsMap() || !node[key]) return;
  const YAML::Node text = node[key];
  const auto has = [&](const char* language) {
    return text.IsMap() && text[language] && text[language].IsScalar() && !text[language].Scalar().empty();
  };
  if (!has("en") || !has("ru")) missing.push_back(file + ":" + std::to_string(text.Mark().line + 1) + ": " + key);
}

std::vector<std::string> texts_without_both_languages(const LabSource& source) {
  std::vector<std::string> missing;
  const YAML::Node root = YAML::Load(std::string(source.text));
  for (const char* key : {"title", "summary"}) need_both(root, key, source.name, missing);
  for (const auto& milestone : root["milestones"]) need_both(milestone, "text", source.name, missing);
  for (const auto& item : root["items"]) {
    for (const char* key : {"text", "hint", "why"}) need_both(item, key, source.name, missing);
    need_both(item["manual"], "evidence", source.name, missing);
    for (const auto& step : item["verify"]) {
      if (!step.IsMap() || !step["quiz"] || !step["quiz"]["questions"]) continue;
      for (const auto& question : step["quiz"]["questions"]) need_both(question, "text", source.name, missing);
    }
  }
  return missing;
}

}  // namespace

TEST_CASE("catalog: every text for people has English and Russian", "[catalog][language]") {
  const auto sources = embedded_lab_sources();
  REQUIRE(sources.size() > 20);
  std::vector<std::string> missing;
  for (const auto& source : sources) {
    for (auto& place : texts_without_both_languages(source)) missing.push_back(std::move(place));
  }
  INFO(missing.size() << " text(s) without both languages, the first: "
                      << (missing.empty() ? std::string() : missing.front()));
  CHECK(missing.empty());
}

TEST_CASE("catalog: the language check finds a text in English only", "[catalog][language]") {
  const std::string lab =
      "title: {en: Git, ru: Git}\nitems:\n  - id: a\n    text: {en: Done, ru: Сделано}\n    hint: Commit it\n"
      "    verify:\n      - quiz:\n          questions:\n            - {id: q, text: 'Which port?', answers: [x]}\n";
  const auto missing = texts_without_both_languages({"lab.yaml", lab});
  CHECK(missing == std::vector<std::string>{"lab.yaml:5: hint", "lab.yaml:9: text"});
}
