#include <labs/base/diagnostics.hpp>
#include <labs/engine/result_cache.hpp>
#include <labs/model/steps.hpp>
#include <labs/spec/step_parser.hpp>

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

using namespace labkit;

namespace {

std::string key_of(const std::string& step_yaml) {
  Diagnostics diagnostics;
  const std::vector<Step> steps = parse_steps(YAML::Load("[" + step_yaml + "]"), "lab.yaml", diagnostics, {}, "verify");
  REQUIRE(steps.size() == 1);
  static const WorkTreeFingerprint tree{{{"app.py", "0123abcd"}}, {}, ""};
  return ResultCache("/nonexistent", tree).key(Item{}, steps.front());
}

}  // namespace

TEST_CASE("cache key: the same step gives the same key, any change to its definition another", "[cache]") {
  CHECK(key_of("{command: {run: pytest -q}}") == key_of("{command: {run: pytest -q}}"));
  CHECK(key_of("{command: {run: pytest -q}}") != key_of("{command: {run: pytest -x}}"));
  CHECK(key_of("{command: {run: 'a b', stdout_contains: [c]}}") !=
        key_of("{command: {run: a, stdout_contains: [b c]}}"));
  CHECK(key_of("{command: {run: '1', exit_code: 1}}") != key_of("{command: {run: !!str 1, exit_code: 1}}"));
  CHECK(key_of("{command: {run: true, exit_code: 2}}") != key_of("{command: {run: true, exit_code: 12}}"));
}
