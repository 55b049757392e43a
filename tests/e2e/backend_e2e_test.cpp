// End to end on the backend track: the bundled backend sample project
// (examples/backend-sample) passes weeks 4 and 6, and for every item a
// variant of it that misses exactly that item fails only there.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/spec/loader.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

const std::string kFolder = "examples/backend-sample";

std::string sample(const std::string& path) { return test::read_source_file(kFolder + "/" + path); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// path → new text (nullopt: left out), for each item the variant must fail.
using Changes = std::map<std::string, std::optional<std::string>>;

std::map<std::string, Changes> variants() {
  const std::string compose = sample("compose.yaml");
  const std::string dockerfile = sample("Dockerfile");
  std::map<std::string, Changes> v;
  v["keys-from-environment"]["app/settings.py"] =
      "class Settings:\n    database_url = 'sqlite:///./todo.db'\n    secret_key = \"s3cr3t-jwt-key\"\n\n\nsettings = "
      "Settings()\n";
  v["env-example"][".env.example"] = std::nullopt;
  v["api-tests"]["tests/test_tasks.py"] = replaced(sample("tests/test_tasks.py"), "== 422", "== 400");
  v["api-in-docker"]["Dockerfile"] = replaced(dockerfile, "RUN useradd --create-home api\nUSER api\n", "");
  v["no-passwords-in-image"][".dockerignore"] = ".git\n.venv\n__pycache__\n";
  v["three-services"]["compose.yaml"] =
      replaced(compose, "  cache:\n    image: redis:7-alpine\n", "  cache:\n    image: memcached:1.6\n");
  v["api-published"]["compose.yaml"] = replaced(compose, "    ports:\n      - \"8000:8000\"\n", "");
  v["waits-for-healthy-db"]["compose.yaml"] = replaced(
      compose, "        condition: service_healthy\n      cache:", "        condition: service_started\n      cache:");
  v["data-survives"]["compose.yaml"] = replaced(compose, "    volumes:\n      - pgdata:/var/lib/postgresql/data\n", "");
  v["env-in-containers"]["compose.yaml"] =
      replaced(compose, "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}", "POSTGRES_PASSWORD: hunter2");
  return v;
}

std::set<std::string> backend_item_ids() {
  std::set<std::string> ids;
  for (const auto& loaded : load_bundle(embedded_lab_sources()).labs) {
    if (loaded.lab.track == "backend" && (loaded.lab.weeks.covers(4) || loaded.lab.weeks.covers(6))) {
      for (const auto& item : loaded.lab.items) ids.insert(item.id);
    }
  }
  return ids;
}

test::LabsRun verify(const TempDir& temp, const Changes& changes) {
  TestRepo repo(temp.path() / "project");
  for (const auto& [path, text] : test::sample_project_files(kFolder)) {
    if (!changes.count(path)) repo.write(path, text);
  }
  for (const auto& [path, text] : changes) {
    if (text) repo.write(path, *text);
  }
  repo.commit("Add the TODO API with Compose");
  return test::run_labs({"verify", "backend/week4", "backend/week6"}, temp.path() / "project");
}

}  // namespace

TEST_CASE("e2e backend: the sample project passes weeks 4 and 6", "[e2e][backend]") {
  TempDir temp;
  const auto run = verify(temp, {});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  const auto marks = test::item_marks(run.out);
  CHECK(marks.size() == backend_item_ids().size());
  for (const auto& [id, mark] : marks) {
    INFO(id);
    CHECK(mark == "✓");
  }
}

TEST_CASE("e2e backend: every item has a project that fails exactly it", "[e2e][backend]") {
  const auto all = variants();
  std::set<std::string> covered;
  for (const auto& [id, changes] : all) covered.insert(id);
  CHECK(covered == backend_item_ids());  // a new item needs its failing variant here
  for (const auto& [target, changes] : all) {
    DYNAMIC_SECTION("item " << target) {
      TempDir temp;
      const auto run = verify(temp, changes);
      INFO(run.out << run.err);
      CHECK(run.exit_code == 1);
      const auto marks = test::item_marks(run.out);
      for (const auto& id : backend_item_ids()) {
        INFO("item " << id);
        REQUIRE(marks.count(id));
        CHECK(marks.at(id) == (id == target ? "✗" : "✓"));
      }
    }
  }
}
