// End to end: an unchanged re-run reuses probe results; a change to an input,
// --no-cache, or a corrupt entry runs the probe again; an entry a probe forged
// is never believed, and in CI there is no cache at all.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;

namespace {

namespace fs = std::filesystem;

struct CachedProject {
  TempDir temp;
  TestRepo repo{temp.path() / "project"};
  // Outside the work tree, so no input of a probe; the runs are not
  // sandboxed so that the probes can write it.
  fs::path counter = temp.path() / "runs.log";
  std::string labs_dir = (temp.path() / "labs").string();
  fs::path cache_root = temp.path() / "xdg-cache/labs";
  /// Never the real home's cache, and no CI whatever runs the tests.
  std::vector<std::string> environment{"HOME=" + (temp.path() / "home").string(),
                                       "XDG_CACHE_HOME=" + (temp.path() / "xdg-cache").string(),
                                       "CI=", "GITHUB_ACTIONS=", "GITLAB_CI="};
  /// `items` is the lab's item list; by default two probes that leave a line
  /// in the counter each time they really run.
  explicit CachedProject(const std::string& items = "") {
    repo.write(".gitignore", "runs.log\ntarget-key\nattacked.log\n");
    repo.write("src/model.py", "WEIGHT = 1\n");
    repo.write("README.md", "# project\n");
    repo.commit("Start");
    fs::create_directories(labs_dir);
    std::ofstream lab(fs::path(labs_dir) / "lab.yaml");
    lab << "schema: 1\nid: cached\ntrack: mlops\nweek: 1\ntitle: Cached\nitems:\n";
    if (!items.empty()) {
      const std::size_t at = items.find("{counter}");
      lab << (at == std::string::npos ? items : items.substr(0, at) + counter.string() + items.substr(at + 9));
      return;
    }
    lab << "  - id: whole-tree\n    text: Whole tree\n    verify:\n"
        << "      - command: {run: 'echo whole >> " << counter.string() << "'}\n"
        << "  - id: src-only\n    text: Only src\n    inputs: ['src/**']\n    verify:\n"
        << "      - command: {run: 'echo src >> " << counter.string() << "'}\n";
  }
  test::LabsRun verify(const std::vector<std::string>& extra = {}, const std::vector<std::string>& settings = {}) {
    std::vector<std::string> args{
        "--labs", labs_dir, "verify", "week1", "-v", "--jobs", "1" /* one order of runs */, "--no-sandbox"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<std::string> all = environment;
    all.insert(all.end(), settings.begin(), settings.end());
    return run_labs(args, temp.path() / "project", all);
  }
  std::string runs() {
    std::ifstream in(counter);
    std::string all, line;
    while (std::getline(in, line)) all += line + " ";
    return all;
  }
  /// The repository's folder in the cache.
  fs::path folder() {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(cache_root)) {
      if (entry.is_directory()) folders.push_back(entry.path());
    }
    REQUIRE(folders.size() == 1);
    return folders.front();
  }
};

/// A first item that runs the learner's attack.py, then one that fails.
constexpr const char* kAttackLab =
    "  - id: attack\n    text: Attack\n    inputs: ['attack.py', 'a/**']\n    verify:\n"
    "      - command: {run: python3 attack.py}\n"
    "  - id: later\n    text: Later\n    inputs: ['b/**']\n    verify:\n"
    "      - command: {run: 'echo later >> {counter}; exit 1'}\n";

/// What a learner could commit: it looks for the cache where labs keeps it
/// (this machine's cache folder, the one under HOME, the old one in the git
/// folder), flips every failure to a pass and, once it knows the later
/// probe's key (in `target`), writes a pass for that key wherever it can,
/// MAC or none. What it did goes to attacked.log beside `target`.
std::string attack_script(const fs::path& cache_root, const fs::path& target) {
  return R"(import hashlib, json, os, pathlib
here = pathlib.Path.cwd()
roots = [pathlib.Path(")" +
         cache_root.string() + R"("), pathlib.Path(os.environ["HOME"]) / ".cache/labs", here / ".git/labs/cache"]
target = pathlib.Path(")" +
         target.string() + R"(")
log = open(target.parent / "attacked.log", "a")
key = target.read_text().strip() if target.exists() else None
forged = json.dumps({"format": "labs-result-cache-3", "status": "pass", "evidence": "", "path": "", "line": 0})
for root in roots:
    if key:
        (root / hashlib.sha256(str(here).encode()).hexdigest()).mkdir(parents=True, exist_ok=True)
    folders = [root] + [p for p in root.rglob("*") if p.is_dir()] if root.is_dir() else []
    for folder in folders:
        for entry in list(folder.iterdir()):
            if entry.is_file() and entry.name != "secret.key":
                text = entry.read_text(errors="replace")
                if '"fail"' in text:
                    entry.write_text(text.replace('"fail"', '"pass"'))
                    print("flipped", entry, file=log)
        if key:
            (folder / (key + ".json")).write_text(forged.replace("-3", "-2"))
            (folder / (key + ".entry")).write_text("0" * 64 + "\n" + forged)
            print("forged", folder, file=log)
)";
}

/// A project whose attack.py is committed. Its runs are not sandboxed: a
/// sandboxed probe cannot see the cache at all, and the MAC is what stands
/// in the way where there is no sandbox.
struct AttackedProject : CachedProject {
  fs::path target = temp.path() / "target-key";
  AttackedProject() : CachedProject(kAttackLab) {
    repo.write("attack.py", attack_script(cache_root, target));
    repo.commit("Attack");
  }
  /// Gives the attack the later probe's key, as an attacker recomputes it
  /// from the lab and the files; here read off a run with a cache of its own.
  void learn_later_key() {
    const fs::path scout = temp.path() / "scout";
    verify({"--no-sandbox"}, {"XDG_CACHE_HOME=" + scout.string()});
    for (const auto& entry : fs::recursive_directory_iterator(scout)) {
      if (entry.path().extension() == ".entry" && test::read_text(entry.path()).find("\"fail\"") != std::string::npos) {
        std::ofstream(target) << entry.path().stem().string();
        return;
      }
    }
    FAIL("the scouting run left no failing entry");
  }
  std::string attacked() const { return test::read_text(temp.path() / "attacked.log"); }
};

}  // namespace

TEST_CASE("cache: an unchanged re-run runs no probe", "[e2e][cache]") {
  CachedProject p;
  auto first = p.verify();
  CHECK(first.exit_code == 0);
  CHECK(p.runs() == "whole src ");
  CHECK_THAT(first.out, !Catch::Contains("(cached)"));
  auto second = p.verify();
  CHECK(second.exit_code == 0);
  CHECK(p.runs() == "whole src ");
  CHECK_THAT(second.out, Catch::Contains("whole-tree  Whole tree  1/1 (cached)"));
  CHECK_THAT(second.out, Catch::Contains("src-only    Only src  1/1 (cached)"));
  // The cache lives outside the repository, in the user's cache folder.
  CHECK_FALSE(fs::exists(p.temp.path() / "project/.git/labs"));
  CHECK(fs::is_regular_file(p.folder() / "../secret.key"));
}

TEST_CASE("cache: a changed input runs the probes that depend on it", "[e2e][cache]") {
  CachedProject p;
  p.verify();
  p.repo.write("README.md", "# project\n\nmore words\n");  // outside src/**
  p.verify();
  CHECK(p.runs() == "whole src whole ");
  p.repo.write("src/model.py", "WEIGHT = 2\n");
  p.verify();
  CHECK(p.runs() == "whole src whole whole src ");
  p.repo.write("src/new.py", "x = 1\n");  // untracked files count too
  p.verify();
  CHECK(p.runs() == "whole src whole whole src whole src ");
}

TEST_CASE("cache: --no-cache runs everything, and a corrupt entry is a miss", "[e2e][cache]") {
  CachedProject p;
  p.verify();
  p.verify({"--no-cache"});
  CHECK(p.runs() == "whole src whole src ");
  for (const auto& entry : fs::directory_iterator(p.folder())) {
    std::ofstream(entry.path(), std::ios::trunc) << "{ not json";
  }
  auto run = p.verify();
  CHECK(run.exit_code == 0);
  CHECK(p.runs() == "whole src whole src whole src ");
}

TEST_CASE("cache: concurrent runs both succeed and leave readable entries", "[e2e][cache]") {
  CachedProject p;
  std::string verify = "env";
  for (const auto& setting : p.environment) verify += " '" + setting + "'";
  verify += std::string(" ") + LABS_BINARY + " --labs " + p.labs_dir + " verify week1 > /dev/null";
  const std::string command =
      "cd " + (p.temp.path() / "project").string() + " && (" + verify + " & " + verify + "; wait $!)";
  CHECK(test::run_shell(command) == 0);
  auto after = p.verify();
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.out, Catch::Contains("(cached)"));
  for (const auto& entry : fs::directory_iterator(p.folder())) {
    CHECK(entry.path().extension() == ".entry");
  }
}

TEST_CASE("cache: a probe that flips a cached failure to a pass is not believed", "[e2e][cache]") {
  AttackedProject p;
  auto first = p.verify({"--no-sandbox"});
  CHECK(test::item_marks(first.out)["later"] == "✗");
  CHECK(p.runs() == "later ");
  p.repo.write("a/notes.txt", "1\n");  // the attack runs again; the later probe's inputs did not change
  auto second = p.verify({"--no-sandbox"});
  CHECK_THAT(p.attacked(), Catch::Contains("flipped"));
  CHECK(test::item_marks(second.out)["later"] == "✗");
  CHECK_THAT(second.out, !Catch::Contains("Later  1/1 (cached)"));
  CHECK(p.runs() == "later later ");
  // The entry the probe rewrote was replaced by a true one.
  auto third = p.verify({"--no-sandbox"});
  CHECK(test::item_marks(third.out)["later"] == "✗");
  CHECK(p.runs() == "later later ");
}

TEST_CASE("cache: a pass a probe writes for a later probe's key is not believed", "[e2e][cache]") {
  AttackedProject p;
  p.learn_later_key();
  SECTION("outside CI") {
    auto run = p.verify({"--no-sandbox"});
    CHECK_THAT(p.attacked(), Catch::Contains("forged " + p.folder().string()));
    CHECK(test::item_marks(run.out)["later"] == "✗");
    CHECK(run.exit_code == 1);
    CHECK(p.runs() == "later later ");
  }
  SECTION("in CI, on a fresh clone") {
    for (int run = 0; run < 2; ++run) {
      auto ci = p.verify({"--no-sandbox"}, {"CI=true"});
      CHECK_THAT(p.attacked(), Catch::Contains("forged"));
      CHECK(test::item_marks(ci.out)["later"] == "✗");
      CHECK_THAT(ci.out, !Catch::Contains("(cached)"));
    }
    CHECK(p.runs() == "later later later ");
    CHECK_FALSE(fs::exists(p.cache_root / "secret.key"));
  }
}

TEST_CASE("cache: in CI no probe result is read or written", "[e2e][cache]") {
  CachedProject p;
  p.verify();
  auto filled = p.verify({}, {"CI=true"});
  CHECK(filled.exit_code == 0);
  CHECK_THAT(filled.out, !Catch::Contains("(cached)"));
  CHECK(p.runs() == "whole src whole src ");
  fs::remove_all(p.cache_root);
  p.verify({}, {"CI=true"});
  CHECK(p.runs() == "whole src whole src whole src ");
  CHECK_FALSE(fs::exists(p.cache_root));
}

TEST_CASE("cache: a probe that read a git-ignored file runs again once the file is gone", "[e2e][cache]") {
  CachedProject p(
      "  - id: model\n    text: Model\n    verify:\n"
      "      - command: {run: 'test -f models/model.pkl && echo model >> {counter}'}\n");
  p.repo.write(".gitignore", "models/\n");
  p.repo.commit("Ignore models");
  p.repo.write("models/model.pkl", "weights\n");  // trained, never committed
  CHECK(p.verify().exit_code == 0);
  CHECK(p.verify().exit_code == 0);
  CHECK(p.runs() == "model ");  // the second run answered from the cache
  fs::remove(p.temp.path() / "project/models/model.pkl");
  const auto gone = p.verify();
  INFO(gone.out);
  CHECK(gone.exit_code == 1);
  CHECK(test::item_marks(gone.out)["model"] == "✗");
  CHECK_THAT(gone.out, !Catch::Contains("(cached)"));
}

TEST_CASE("cache: --no-cache keeps its fresh result, so the next run does not show an older one", "[e2e][cache]") {
  CachedProject p(
      "  - id: outside\n    text: Outside\n    verify:\n"
      "      - command: {run: 'test -f {counter}.flag'}\n");
  std::ofstream(p.counter.string() + ".flag") << "on\n";  // outside the tree: no input labs can see
  CHECK(p.verify().exit_code == 0);
  fs::remove(p.counter.string() + ".flag");
  CHECK_THAT(p.verify().out, Catch::Contains("Outside  1/1 (cached)"));  // stale, as a cache of inputs must be
  const auto fresh = p.verify({"--no-cache"});
  CHECK(fresh.exit_code == 1);
  const auto next = p.verify();
  INFO(next.out);
  CHECK(next.exit_code == 1);
  CHECK(test::item_marks(next.out)["outside"] == "✗");
}

TEST_CASE("cache: a skipped step is never cached", "[e2e][cache]") {
  CachedProject p(
      "  - id: tool\n    text: Tool\n    verify:\n"
      "      - command: {run: 'labs-no-such-tool --version', requires: [labs-no-such-tool]}\n");
  p.verify();
  const auto second = p.verify();
  INFO(second.out);
  CHECK_THAT(second.out, Catch::Contains("labs-no-such-tool"));
  CHECK_THAT(second.out, !Catch::Contains("(cached)"));
}
