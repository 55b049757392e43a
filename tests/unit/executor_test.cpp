// The scheduler: parallel probes, in-process items not held up, needs,
// retries, and results in lab order whatever order they finish in.
#include "support/test_repo.hpp"

#include <labs/engine/executor.hpp>
#include <labs/engine/result_cache.hpp>
#include <labs/repo/repo.hpp>
#include <labs/spec/loader.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

struct Recorder : ProgressSink {
  std::mutex mutex;
  std::vector<std::string> finished_order;
  void started(const Lab&, const Item&) override {}
  void finished(const Lab&, const Item& item, Status) override {
    std::lock_guard lock(mutex);
    finished_order.push_back(item.id);
  }
};

struct Harness {
  TempDir temp;
  TestRepo repo{temp.path()};
  LoadedLab loaded;
  Harness(const std::string& items) {
    repo.write("a.txt", "a\n");
    repo.commit("Add a");
    loaded = load_lab(LabSource{"lab.yaml", "schema: 1\nid: lab\ntrack: t\nweek: 1\ntitle: T\nitems:\n" + items});
    INFO((loaded.diagnostics.all().empty() ? std::string() : format_diagnostic(loaded.diagnostics.all().front())));
    REQUIRE(loaded.valid());
  }
  RunResult run(unsigned jobs, ProgressSink* progress = nullptr, const ResultCache* cache = nullptr) {
    auto opened = Repo::open(temp.path(), false);
    REQUIRE(opened.repo);
    const RunSettings settings{opened.repo->root()};
    const CheckContext context{*opened.repo, settings};
    return execute_plan(plan_run({Selection{&loaded, {}}}), context, ExecuteOptions{jobs, progress, cache});
  }
  std::string path(const std::string& name) const { return (temp.path() / name).string(); }
};

std::string item(const std::string& id, const std::string& step, const std::string& extra = "") {
  return "  - id: " + id + "\n    text: " + id + "\n" + extra + "    verify:\n      - " + step + "\n";
}

}  // namespace

TEST_CASE("executor: probes run concurrently up to --jobs", "[executor]") {
  // Each probe waits for the other's flag: they pass only if both run at once.
  Harness h(item("left",
                 "command: {run: 'touch left.flag; for i in $(seq 100); do [ -e right.flag ] && exit 0; sleep 0.05; "
                 "done; exit 1'}") +
            item("right",
                 "command: {run: 'touch right.flag; for i in $(seq 100); do [ -e left.flag ] && exit 0; sleep 0.05; "
                 "done; exit 1'}"));
  const RunResult result = h.run(2);
  CHECK(result.labs[0].items[0].status == Status::pass);
  CHECK(result.labs[0].items[1].status == Status::pass);
}

TEST_CASE("executor: in-process items do not wait behind a slow probe", "[executor]") {
  Harness h(item("slow", "command: {run: 'sleep 1'}") + item("quick", "file: {path: a.txt}"));
  Recorder recorder;
  const RunResult result = h.run(1, &recorder);
  REQUIRE(recorder.finished_order.size() == 2);
  CHECK(recorder.finished_order.front() == "quick");
  // ...while the report keeps the lab's order.
  CHECK(result.labs[0].items[0].item->id == "slow");
  CHECK(result.labs[0].items[1].item->id == "quick");
  CHECK(result.exit_code() == 0);
}

TEST_CASE("executor: an item runs after what it needs, and is skipped when that fails", "[executor]") {
  SECTION("the needed item passes") {
    Harness h(item("second", "command: {run: 'test -e first.done'}", "    needs: [first]\n") +
              item("first", "command: {run: 'sleep 0.2; touch first.done'}"));
    const RunResult result = h.run(2);
    CHECK(result.labs[0].items[0].status == Status::pass);
  }
  SECTION("the needed item fails") {
    Harness h(item("build", "command: {run: 'exit 1'}") +
              item("run", "command: {run: 'true'}", "    needs: [build]\n") +
              item("probe", "file: {path: a.txt}", "    needs: [run]\n"));
    const RunResult result = h.run(2);
    CHECK(result.labs[0].items[0].status == Status::fail);
    CHECK(result.labs[0].items[1].status == Status::skip);
    CHECK(result.labs[0].items[1].note == "skipped: it needs 'build', which did not pass");
    CHECK(result.labs[0].items[2].status == Status::skip);
    CHECK(result.labs[0].items[2].note == "skipped: it needs 'run', which did not pass");
  }
}

TEST_CASE("executor: retries re-run a flaky item", "[executor]") {
  Harness h(item("flaky", "command: {run: 'n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ $n -ge 2 ]'}",
                 "    retries: 3\n    retry_delay: 0.05\n"));
  const RunResult result = h.run(1);
  CHECK(result.labs[0].items[0].status == Status::pass);
  CHECK(result.labs[0].items[0].note == "passed on attempt 3 of 4");
}

TEST_CASE("loader: needs must name items of the lab and may not go in circles", "[executor][loader]") {
  const auto unknown = load_lab(LabSource{"l.yaml", "schema: 1\nid: l\ntrack: t\nweek: 1\ntitle: T\nitems:\n" +
                                                        item("a", "file: {path: x}", "    needs: [bb]\n") +
                                                        item("b", "file: {path: x}")});
  REQUIRE_FALSE(unknown.diagnostics.empty());
  CHECK(format_diagnostic(unknown.diagnostics.all()[0]) ==
        "l.yaml:7:5: item 'a' needs 'bb', which is not an item of this lab (did you mean 'b'?)");
  const auto circle = load_lab(LabSource{"l.yaml", "schema: 1\nid: l\ntrack: t\nweek: 1\ntitle: T\nitems:\n" +
                                                       item("a", "file: {path: x}", "    needs: [b]\n") +
                                                       item("b", "file: {path: x}", "    needs: [a]\n")});
  REQUIRE_FALSE(circle.diagnostics.empty());
  CHECK_THAT(format_diagnostic(circle.diagnostics.all()[0]),
             Catch::Contains("items need each other in a circle: a → b → a"));
}

namespace {

/// A probe that ends as it is told and counts its runs.
struct ScriptedProbe final : Check {
  Status status;
  mutable std::atomic<int> runs{0};
  explicit ScriptedProbe(Status ends) : status(ends) {}
  StepOutcome run(const CheckContext&) const override {
    ++runs;
    return {status, "scripted"};
  }
  std::string describe() const override { return "scripted"; }
};

}  // namespace

TEST_CASE("executor: only a pass or a fail is cached, never an error or a skip", "[executor][cache]") {
  // Distinct definitions: the same step in two items has one key.
  Harness h(item("passes", "command: {run: 'true 1'}") + item("fails", "command: {run: 'true 2'}") +
            item("errs", "command: {run: 'true 3'}") + item("skips", "command: {run: 'true 4'}"));
  std::vector<std::shared_ptr<ScriptedProbe>> probes;
  for (Status status : {Status::pass, Status::fail, Status::error, Status::skip}) {
    probes.push_back(std::make_shared<ScriptedProbe>(status));
    h.loaded.lab.items[probes.size() - 1].steps.front().check = probes.back();
  }
  const WorkTreeFingerprint tree{{{"a.txt", "0123"}}, {}, ""};
  std::string problem;
  TempDir cache_root;
  auto cache = open_result_cache(cache_root.path(), h.temp.path(), tree, problem);
  INFO(problem);
  REQUIRE(cache);
  for (int run = 0; run < 2; ++run) h.run(1, nullptr, &*cache);
  CHECK(probes[0]->runs == 1);
  CHECK(probes[1]->runs == 1);
  CHECK(probes[2]->runs == 2);
  CHECK(probes[3]->runs == 2);
}

TEST_CASE("executor: evidence names paths relative to the project, never the work or scratch folders", "[executor]") {
  const std::filesystem::path root = "/srv/grading/.work/alice/repo";
  CHECK(relative_evidence("cannot read /srv/grading/.work/alice/repo/mlruns/0/meta.yaml", root) ==
        "cannot read mlruns/0/meta.yaml");
  CHECK(relative_evidence("ran in /srv/grading/.work/alice/repo", root) == "ran in .");
  CHECK(relative_evidence("File \"/tmp/labs-scratch-Ab3dE9/repo/train.py\", line 3", root) ==
        "File \"train.py\", line 3");
  CHECK(relative_evidence("no runs in /var/tmp/x/labs-scratch-Qq1234/project/mlruns or "
                          "/var/tmp/x/labs-scratch-Qq1234/project",
                          root) == "no runs in mlruns or .");
  // Lookalikes stay: a sibling folder that only starts like the root, and a
  // mark with no tree after it.
  CHECK(relative_evidence("/srv/grading/.work/alice/repo2/x", root) == "/srv/grading/.work/alice/repo2/x");
  CHECK(relative_evidence("a /labs-scratch-", root) == "a /labs-scratch-");
}
