// The python check on week 1's habits: a virtualenv out of git, pinned
// requirements, logging, a configuration file that the code reads.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kTrain = R"(import logging
import yaml

logger = logging.getLogger(__name__)

def main():
    logging.basicConfig(level=logging.INFO)
    config = yaml.safe_load(open("config.yaml"))
    logger.info("training with %s", config)
)";

}  // namespace

TEST_CASE("python: a project with every habit passes", "[python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".gitignore", ".venv/\n");
  repo.write(".venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n");
  repo.write("requirements.txt",
             "# runtime\nscikit-learn==1.4.2\npandas == 2.2.1  # data\n-r requirements-dev.txt\n-e .\n");
  repo.write("requirements-dev.txt", "pytest==8.1.1\nmylib @ git+https://example.com/mylib.git\n");
  repo.write("src/train.py", kTrain);
  repo.write("config.yaml", "train: {epochs: 3}\n");
  repo.commit("Project");
  const auto outcome =
      run_step("python: {virtualenv: true, pinned: requirements.txt, logging: true, config: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("virtualenv .venv (Python 3.11.2), ignored by git"));
  CHECK_THAT(outcome.evidence, Catch::Contains("requirements.txt: 3 requirement(s), all pinned"));
  CHECK_THAT(outcome.evidence, Catch::Contains("src/train.py:9 logs through logging"));
  CHECK_THAT(outcome.evidence, Catch::Contains("src/train.py:8 reads config.yaml"));
}

TEST_CASE("python: each missing habit is named with its place", "[python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  repo.write("requirements.txt", "numpy\nscikit-learn>=1.0\npandas==2.2.1\n");
  repo.write("train.py",
             "import yaml\n# import logging\nprint('start')\ncfg = yaml.safe_load(open('params.yaml'))\nprint(cfg)\n");
  repo.commit("Project with the venv committed");
  const auto outcome =
      run_step("python: {virtualenv: true, pinned: requirements.txt, logging: true, config: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("virtualenv .venv is committed: git rm -r --cached .venv"));
  CHECK_THAT(outcome.evidence,
             Catch::Contains("requirements.txt:1: numpy") && Catch::Contains("requirements.txt:2: scikit-learn>=1.0"));
  CHECK_THAT(outcome.evidence, !Catch::Contains("pandas"));
  CHECK_THAT(outcome.evidence, Catch::Contains("no module uses logging; 2 print() call(s) instead"));
  CHECK_THAT(outcome.evidence, Catch::Contains("train.py:4 reads params.yaml, which is not in the repository"));
  CHECK(outcome.path == ".gitignore");

  // Not committed but not ignored either; logging imported but never set up.
  TempDir other;
  TestRepo second(other.path());
  second.write("venv/pyvenv.cfg", "home = /usr/bin\n");
  second.write("app.py", "import logging\nlogging.info('x')\n");
  const auto halfway = run_step("python: {virtualenv: true, logging: true}", other.path());
  CHECK_THAT(halfway.evidence, Catch::Contains("virtualenv venv is not ignored by git: add venv/ to .gitignore"));
  CHECK_THAT(halfway.evidence, Catch::Contains("app.py imports logging but no module sets it up"));
  TempDir bare;
  TestRepo empty(bare.path());
  CHECK(run_step("python: {virtualenv: true}", bare.path()).evidence ==
        "no virtualenv in the project (python3 -m venv .venv)");
}

TEST_CASE("python: a lab's python step is validated", "[python]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("python: {}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("needs at least one of virtualenv, pinned, logging, config"));
  Diagnostics outside;
  CHECK_FALSE(test::parse_step("python: {pinned: ../requirements.txt}", outside));
  CHECK_FALSE(test::messages(outside).empty());
}

TEST_CASE("python: logging named in a docstring or a comment is not logging", "[python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("train.py", R"PY(""" Uses import logging and logging.basicConfig(level=logging.INFO).
logger.info("done")
"""
# import logging
# logging.basicConfig()
print("logger.info('trained')")
)PY");
  repo.commit("Stub");
  const auto outcome = run_step("python: {logging: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no module uses logging; 1 print() call(s) instead"));
}

TEST_CASE("python: a central logging module used from another module is logging", "[python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("src/project/log.py",
             "import logging\n\ndef get_logger(name):\n    logging.basicConfig(level=logging.INFO)\n"
             "    return logging.getLogger(name)\n");
  repo.write(
      "src/project/train.py",
      "from project.log import get_logger\n\nlog = get_logger(__name__)\n\ndef main():\n    log.info('start')\n");
  repo.commit("Logging in one place");
  const auto outcome = run_step("python: {logging: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("src/project/train.py:6 logs through logging"));
}

TEST_CASE("python: loguru is logging too", "[python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("app.py", "from loguru import logger\n\nlogger.info('ready')\n");
  repo.commit("loguru");
  const auto outcome = run_step("python: {logging: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
}

TEST_CASE("python: configuration read through json.loads or a joined path counts, a literal does not", "[python]") {
  const auto run_with = [](const std::vector<std::pair<std::string, std::string>>& files) {
    TempDir temp;
    TestRepo repo(temp.path());
    for (const auto& [path, text] : files) repo.write(path, text);
    repo.commit("Config");
    return run_step("python: {config: true}", temp.path());
  };
  const auto loads = run_with(
      {{"config.json", "{\"a\": 1}\n"}, {"train.py", "import json\ncfg = json.loads(open('config.json').read())\n"}});
  INFO(loads.evidence);
  CHECK(loads.status == Status::pass);
  const auto joined = run_with(
      {{"configs/params.yaml", "a: 1\n"},
       {"src/train.py", "import os, yaml\ncfg = yaml.safe_load(open(os.path.join('configs', 'params.yaml')))\n"}});
  INFO(joined.evidence);
  CHECK(joined.status == Status::pass);
  CHECK_THAT(joined.evidence, Catch::Contains("reads configs/params.yaml"));
  const auto literal = run_with({{"train.py", "import yaml\ncfg = yaml.safe_load('lr: 0.1')\n"}});
  INFO(literal.evidence);
  CHECK(literal.status == Status::fail);
  const auto broken =
      run_with({{"config.yaml", "a: [1\n"}, {"train.py", "import yaml\ncfg = yaml.safe_load(open('config.yaml'))\n"}});
  INFO(broken.evidence);
  CHECK(broken.status == Status::fail);
  CHECK_THAT(broken.evidence, Catch::Contains("config.yaml:2: not valid YAML"));
}

TEST_CASE("python: a compatible release down to the patch is pinned, one to the minor is not", "[python]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("requirements.txt", "scikit-learn~=1.2.1\npandas==2.2.1\n");
  repo.commit("Pins");
  const auto pinned = run_step("python: {pinned: requirements.txt}", temp.path());
  INFO(pinned.evidence);
  CHECK(pinned.status == Status::pass);
  repo.write("requirements.txt", "scikit-learn~=1.2\n");
  repo.commit("Loose");
  const auto loose = run_step("python: {pinned: requirements.txt}", temp.path());
  INFO(loose.evidence);
  CHECK(loose.status == Status::fail);
  CHECK_THAT(loose.evidence, Catch::Contains("requirements.txt:1: scikit-learn~=1.2"));
}
