// The dvc check on files laid out as DVC 3 writes them (probe-formats.md §5):
// `dvc add` output, a two-stage pipeline, its lock, and .dvc/config.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kPipeline = R"(stages:
  prepare:
    cmd: python src/prepare.py data/raw.csv data/prepared
    deps: [src/prepare.py, data/raw.csv]
    outs: [data/prepared]
  train:
    cmd: python src/train.py
    deps: [src/train.py, data/prepared]
    params: [train.lr]
    outs:
      - model.pkl: {cache: true}
    metrics:
      - metrics.json: {cache: false}
)";

const char* const kLock = R"(schema: '2.0'
stages:
  prepare:
    cmd: python src/prepare.py data/raw.csv data/prepared
    outs: [{path: data/prepared, hash: md5, md5: 1f2e.dir, size: 10, nfiles: 2}]
  train:
    cmd: python src/train.py
    outs: [{path: model.pkl, hash: md5, md5: 9a8b, size: 5}]
)";

const char* const kConfig = "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://bucket/dvc\n";

/// A project as `dvc init; dvc add data/raw.csv; dvc remote add -d ...; dvc repro` leaves it, committed.
void dvc_project(TestRepo& repo) {
  repo.write("data/raw.csv.dvc",
             "outs:\n- md5: a304afb96060aad90176268345e10355\n  size: 14445097\n  hash: md5\n  path: raw.csv\n");
  repo.write("data/.gitignore", "/raw.csv\n/prepared\n");
  repo.write(".gitignore", "/model.pkl\n");
  repo.write("dvc.yaml", kPipeline);
  repo.write("dvc.lock", kLock);
  repo.write(".dvc/config", kConfig);
  repo.write("src/prepare.py", "print('prepare')\n");
  repo.commit("Version the data with DVC");
  repo.write("data/raw.csv", "a,b\n1,2\n");  // on disk, ignored by git
}

const std::string kAll =
    "dvc: {tracked: [data/raw.csv, model.pkl], stages: {min: 2}, stage_names: [prepare, train], locked: true, "
    "remote: true, data_ignored: true}";

}  // namespace

TEST_CASE("dvc: data added, a locked two-stage pipeline, a default remote, data out of git", "[dvc]") {
  TempDir temp;
  TestRepo repo(temp.path());
  dvc_project(repo);
  const auto outcome = run_step(kAll, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("2 stage(s)") && Catch::Contains("remote storage"));
}

TEST_CASE("dvc: each missing part is named", "[dvc]") {
  TempDir temp;
  TestRepo repo(temp.path());
  dvc_project(repo);
  repo.write("dvc.lock", "schema: '2.0'\nstages:\n  prepare:\n    cmd: x\n");
  repo.write(".dvc/config", "[core]\n    remote = backup\n['remote \"storage\"']\n    url = /tmp/store\n");
  repo.write("dvc.yaml", std::string(kPipeline) + "  evaluate:\n    cmd: python src/eval.py\n");
  repo.write("data/raw.csv", "committed by mistake\n");
  repo.write(".gitignore", "");
  repo.write("data/.gitignore", "");
  repo.commit("Oops");
  const auto outcome = run_step(kAll, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("dvc.yaml:14: stage evaluate needs cmd, deps and outs"));
  CHECK_THAT(outcome.evidence, Catch::Contains("stage train is not in dvc.lock"));
  CHECK_THAT(outcome.evidence, Catch::Contains("names remote backup as the default, but defines no such remote"));
  CHECK_THAT(outcome.evidence, Catch::Contains("data/raw.csv is committed to git, though data/raw.csv.dvc tracks it"));
  CHECK_THAT(run_step("dvc: {tracked: [data/other.csv]}", temp.path()).evidence,
             Catch::Contains("data/other.csv is not tracked by DVC (dvc add data/other.csv"));
}

TEST_CASE("dvc: no DVC at all, and invalid specs", "[dvc]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("README.md", "# p\n");
  repo.commit("Start");
  const auto outcome = run_step("dvc: {stages: {min: 1}, remote: true, locked: true}", temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence,
             Catch::Contains("no dvc.yaml") && Catch::Contains("no .dvc/config") && Catch::Contains("no dvc.lock"));
  Diagnostics diagnostics;
  CHECK(test::parse_step("dvc: {tracked: [../outside], stagez: 1}", diagnostics) == nullptr);
  CHECK_THAT(test::messages(diagnostics),
             Catch::Contains("unknown key 'stagez' in dvc check (did you mean 'stages'?)") &&
                 Catch::Contains("'../outside' leads outside the repository"));
}

TEST_CASE("dvc: an evaluate stage that writes only metrics or plots is a whole stage", "[dvc]") {
  TempDir temp;
  TestRepo repo(temp.path());
  dvc_project(repo);
  repo.write("dvc.yaml", std::string(kPipeline) +
                             "  evaluate:\n    cmd: python src/evaluate.py\n    deps: [src/evaluate.py, model.pkl]\n"
                             "    metrics:\n      - eval.json: {cache: false}\n    plots: [roc.csv]\n");
  repo.commit("Evaluate the model");
  const auto outcome = run_step("dvc: {stages: {min: 3}}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  repo.write("dvc.yaml", std::string(kPipeline) +
                             "  evaluate:\n    cmd: python src/evaluate.py\n"
                             "    deps: [src/evaluate.py, model.pkl]\n");
  CHECK_THAT(run_step("dvc: {stages: {min: 3}}", temp.path()).evidence,
             Catch::Contains("stage evaluate needs cmd, deps and outs (or metrics or plots)"));
}
