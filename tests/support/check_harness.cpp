#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/repo/repo.hpp>
#include <labs/spec/check_kind.hpp>
#include <labs/spec/step_parser.hpp>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

namespace labkit::test {

std::unique_ptr<Check> parse_step(const std::string& yaml, Diagnostics& diagnostics) {
  const YAML::Node node = YAML::Load(yaml);
  REQUIRE(node.IsMap());
  REQUIRE(node.size() == 1);
  const auto entry = *node.begin();
  const CheckKind* kind = find_check_kind(entry.first.Scalar());
  REQUIRE(kind != nullptr);
  return parse_check(*kind, entry.second, "step.yaml", diagnostics);
}

StepOutcome run_step(const std::string& yaml, const std::filesystem::path& dir) {
  Diagnostics diagnostics;
  auto check = parse_step(yaml, diagnostics);
  INFO(messages(diagnostics));
  REQUIRE(check != nullptr);
  auto opened = Repo::open(dir, false);
  INFO(opened.problem);
  REQUIRE(opened.repo != nullptr);
  const RunSettings settings{opened.repo->root()};
  const CheckContext context{*opened.repo, settings};
  return check->run(context);
}

StepOutcome run_step_on_files(const std::vector<std::pair<std::string, std::string>>& files, const std::string& yaml) {
  TempDir temp;
  TestRepo repo(temp.path());
  for (const auto& [path, text] : files) repo.write(path, text);
  repo.commit("Work");
  return run_step(yaml, temp.path());
}

std::string messages(const Diagnostics& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics.all()) text += format_diagnostic(d) + "\n";
  return text;
}

}  // namespace labkit::test
