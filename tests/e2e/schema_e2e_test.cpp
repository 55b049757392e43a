// docs/lab.schema.json, the JSON Schema editors use through the
// yaml-language-server comment: every shipped lab is valid under it (checked
// by python3-jsonschema, a real validator), a broken lab is not, and it
// names exactly the check kinds labs has.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/spec/catalog.hpp>
#include <labs/spec/check_kind.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

using namespace labkit;
namespace fs = std::filesystem;

namespace {

const std::string kSchema = LABS_SOURCE_DIR "/docs/lab.schema.json";
const std::string kValidator = "/usr/bin/python3 " LABS_SOURCE_DIR "/tests/schema/validate.py " + kSchema;

}  // namespace

TEST_CASE("schema: every shipped lab is valid, and each says where its schema is", "[schema]") {
  std::string files;
  int labs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(LABS_SOURCE_DIR "/labs")) {
    if (entry.path().extension() != ".yaml" || entry.path().filename() == "milestones.yaml") continue;
    files += " " + entry.path().string();
    ++labs;
    CHECK_THAT(test::read_text(entry.path()),
               Catch::StartsWith("# yaml-language-server: $schema=../../../docs/lab.schema.json\n"));
  }
  REQUIRE(labs >= 24);
  CHECK(test::run_shell(kValidator + files) == 0);
}

TEST_CASE("schema: an unknown kind, a misspelt key and an item with both verify and manual are rejected", "[schema]") {
  test::TempDir temp;
  const fs::path lab = temp.path() / "broken.yaml";
  std::ofstream(lab)
      << "schema: 1\nid: broken\ntrack: mlops\nweek: 1\ntitle: Broken\nitems:\n"
         "  - id: a\n    text: A\n    verify:\n      - gti: {commits: {min: 1}}\n"
         "  - id: b\n    text: B\n    verify:\n      - file: {path: README.md, contain: [x]}\n"
         "  - id: c\n    text: C\n    manual: {evidence: x}\n    verify:\n      - file: {path: README.md}\n";
  const fs::path out = temp.path() / "out.txt";
  CHECK(test::run_shell(kValidator + " " + lab.string() + " > " + out.string()) != 0);
  const std::string report = test::read_text(out);
  CHECK_THAT(report, Catch::Contains("items/0/verify/0"));
  CHECK_THAT(report, Catch::Contains("items/1/verify/0"));
  CHECK_THAT(report, Catch::Contains("items/2:"));
}

TEST_CASE("schema: its step kinds are exactly the check kinds of the registry", "[schema]") {
  const auto schema = nlohmann::json::parse(test::read_text(kSchema));
  std::set<std::string> in_schema, in_registry;
  for (const auto& variant : schema["$defs"]["step"]["oneOf"])
    in_schema.insert(variant["required"][0].get<std::string>());
  for (const auto& kind : check_kinds()) in_registry.insert(std::string(kind.name));
  CHECK(in_schema == in_registry);
}

TEST_CASE("schema: each kind accepts exactly the keys of its registry row", "[schema]") {
  const auto schema = nlohmann::json::parse(test::read_text(kSchema));
  std::map<std::string, std::set<std::string>> in_schema;
  for (const auto& variant : schema["$defs"]["step"]["oneOf"]) {
    const std::string kind = variant["required"][0].get<std::string>();
    for (const auto& [key, value] : variant["properties"][kind]["properties"].items()) in_schema[kind].insert(key);
  }
  for (const auto& kind : check_kinds()) {
    INFO("kind " << kind.name);
    const std::set<std::string> in_registry(kind.keys.begin(), kind.keys.end());
    CHECK(in_schema[std::string(kind.name)] == in_registry);
  }
}

TEST_CASE("docs: check-kinds.md has a section for every kind that shows each of its keys", "[schema][docs]") {
  const std::string docs = test::read_text(LABS_SOURCE_DIR "/docs/check-kinds.md");
  for (const auto& kind : check_kinds()) {
    INFO("kind " << kind.name);
    const auto start = docs.find(fmt::format("\n## `{}` — ", kind.name));
    REQUIRE(start != std::string::npos);
    const auto end = docs.find("\n## ", start + 1);
    const std::string section = docs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    for (const auto& key : kind.keys) {  // in an example (`key:`) or named in the text (`key`)
      INFO("key " << key);
      const std::regex shown(fmt::format("(`{0}`|[\\s{{,]{0}:)", key));
      CHECK(std::regex_search(section, shown));
    }
  }
}
