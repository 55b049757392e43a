// End to end: the built `labs` binary on real repositories shaped like a
// learner's week-1 project — one that completes every item, and for every
// item one that misses exactly it.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/loader.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

/// How a variant of the sample project differs from the complete one.
struct Variant {
  std::map<std::string, std::optional<std::string>> replace;  ///< path → new text, nullopt = left out
  bool merge = true;
  bool squash_start = false;  ///< README, .gitignore and code in one first commit
  bool remote = true;
  bool virtualenv = true;
  std::map<std::string, std::string> extra_commit;  ///< committed last with `extra_message`
  std::string extra_message = "Add more project files";
  std::map<std::string, std::string> uncommitted;   ///< written after the last commit
  std::set<std::string> also_failing;               ///< other items this variant cannot help failing
};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

void build_sample(TestRepo& repo, const Variant& variant) {
  std::map<std::string, std::string> files;
  for (auto& [path, text] : test::sample_project_files()) files[path] = text;
  for (const auto& [path, text] : variant.replace) {
    if (text) files[path] = *text; else files.erase(path);
  }
  const auto write_if = [&](const std::function<bool(const std::string&)>& wanted) {
    for (const auto& [path, text] : files) {
      if (wanted(path)) repo.write(path, text);
    }
  };
  const auto is_notes = [](const std::string& path) { return path.rfind("notes/", 0) == 0; };
  if (!variant.squash_start) {
    write_if([](const std::string& p) { return p == "README.md" || p == ".gitignore"; });
    repo.commit("Add README and a .gitignore for ML projects");
  }
  write_if([&](const std::string& p) { return !is_notes(p); });
  repo.commit("Add training script with logging and YAML config");
  if (variant.merge) {
    repo.create_branch("feature/notes");
    repo.checkout("feature/notes");
  }
  write_if(is_notes);
  repo.commit("Add notes on MLOps basics and the ML lifecycle");
  if (variant.merge) {
    repo.checkout("main");
    repo.merge("feature/notes", "Merge branch 'feature/notes'");
  }
  if (!variant.extra_commit.empty()) {
    for (const auto& [path, text] : variant.extra_commit) repo.write(path, text);
    repo.commit(variant.extra_message);
  }
  if (variant.remote) repo.add_remote("origin", "https://github.com/sample-learner/wine-quality.git");
  if (variant.virtualenv) repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  for (const auto& [path, text] : variant.uncommitted) repo.write(path, text);
}

/// item id → its symbol in the text report (✓ ✗ ? –).
std::map<std::string, std::string> item_marks(const std::string& report) {
  std::map<std::string, std::string> marks;
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    for (const char* mark : {"✓", "✗", "?", "–"}) {
      const std::string prefix = std::string("  ") + mark + " ";
      if (line.rfind(prefix, 0) != 0) continue;
      std::istringstream rest(line.substr(prefix.size()));
      std::string id;
      rest >> id;
      marks[id] = mark;
    }
  }
  return marks;
}

std::string sample(const std::string& path) { return test::read_source_file("examples/sample-project/" + path); }

std::map<std::string, Variant> failing_variants() {
  const std::string notes = sample("notes/mlops-intro.md");
  const std::string train = sample("src/train.py");
  std::map<std::string, Variant> v;
  v["notes-written"].replace["notes/mlops-intro.md"] =
      "# What is MLOps\n## ML project lifecycle\ndata, training, deployment, monitoring\n"
      "## Problems MLOps solves\n- a\n- b\n- c\n## Sources\n- https://a.example\n- https://b.example\n"
      "- https://c.example\n";
  v["lifecycle"].replace["notes/mlops-intro.md"] = replaced(notes, "## ML project lifecycle", "## Steps");
  v["problems"].replace["notes/mlops-intro.md"] = replaced(notes, "## Problems MLOps solves", "## Why bother");
  v["sources"].replace["notes/mlops-intro.md"] =
      replaced(replaced(notes, "- https://ml-ops.org", "- ml-ops.org"), "- https://developers", "- developers");
  v["notes-committed"].replace["notes/mlops-intro.md"] = std::nullopt;
  v["notes-committed"].uncommitted["notes/mlops-intro.md"] = notes;
  v["notes-committed"].also_failing = {"all-committed"};
  v["repository"].remote = false;
  v["first-commits"].merge = false;
  v["first-commits"].squash_start = true;
  v["first-commits"].also_failing = {"branch-merge"};
  v["code-committed"].replace["src/train.py"] = std::nullopt;
  v["code-committed"].uncommitted["src/train.py"] = train;
  v["code-committed"].also_failing = {"all-committed"};
  v["commit-messages"].extra_commit = {{"src/__init__.py", ""}};
  v["commit-messages"].extra_message = "wip";
  v["branch-merge"].merge = false;
  v["ml-gitignore"].replace[".gitignore"] = replaced(sample(".gitignore"), "mlruns/\n", "");
  v["nothing-unwanted"].extra_commit = {{"src/storage.py", "AWS_KEY = 'AKIAIOSFODNN7EXAMPLA'\n"}};
  v["all-committed"].uncommitted["README.md"] = "# wine-quality\n\nchanged\nand not committed\n";
  v["virtualenv"].virtualenv = false;
  v["requirements"].replace["requirements.txt"] = "numpy\nscikit-learn==1.4.2\n";
  v["logging"].replace["src/train.py"] = replaced(
      replaced(replaced(train, "import logging\n", ""), "logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(levelname)s %(name)s: %(message)s\")\nlogger = logging.getLogger(__name__)\n", ""),
      "logger.info(\"Loaded config: %s\", json.dumps(config))", "print(config)");
  v["config-file"].replace["config.yaml"] = std::nullopt;
  v["config-loaded"].replace["src/train.py"] = replaced(train, "return yaml.safe_load(handle)", "return {}");
  return v;
}

std::set<std::string> week1_item_ids() {
  std::set<std::string> ids;
  const Bundle bundle = load_bundle(embedded_lab_sources());
  for (const auto& loaded : bundle.labs) {
    if (loaded.lab.track == "mlops" && loaded.lab.weeks.covers(1)) {
      for (const auto& item : loaded.lab.items) ids.insert(item.id);
    }
  }
  return ids;
}

}  // namespace

TEST_CASE("e2e: the complete sample project passes every week-1 item", "[e2e][week1]") {
  TempDir temp;
  TestRepo repo(temp.path() / "project");
  build_sample(repo, Variant{});
  const auto run = test::run_labs({"verify", "week1"}, temp.path() / "project");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  const auto marks = item_marks(run.out);
  CHECK(marks.size() == week1_item_ids().size());
  for (const auto& [id, mark] : marks) {
    INFO(id);
    CHECK(mark == "✓");
  }
  CHECK_THAT(run.out, Catch::Contains("18 of 18 items done · 18/18 points"));
}

TEST_CASE("e2e: every week-1 item has a project that fails exactly it", "[e2e][week1]") {
  const auto variants = failing_variants();
  const auto ids = week1_item_ids();
  std::set<std::string> covered;
  for (const auto& [id, variant] : variants) covered.insert(id);
  CHECK(covered == ids);  // a new item needs its failing variant here

  for (const auto& [target, variant] : variants) {
    DYNAMIC_SECTION("item " << target) {
      TempDir temp;
      TestRepo repo(temp.path() / "project");
      build_sample(repo, variant);
      const auto run = test::run_labs({"verify", "week1"}, temp.path() / "project");
      INFO(run.out << run.err);
      CHECK(run.exit_code == 1);
      const auto marks = item_marks(run.out);
      for (const auto& id : ids) {
        INFO("item " << id);
        REQUIRE(marks.count(id));
        const bool should_fail = id == target || variant.also_failing.count(id);
        CHECK(marks.at(id) == (should_fail ? "✗" : "✓"));
      }
      CHECK_THAT(run.out, Catch::Contains("hint: "));
    }
  }
}
