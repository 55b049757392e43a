// Project discovery finds what learners made wherever they put it, among
// their own files only, and `labs project` shows it.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/repo/project_map.hpp>
#include <labs/repo/repo.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

using Files = std::vector<std::string>;

void write_layout(TestRepo& repo) {
  repo.write(".gitignore", "env/\n");
  repo.write("env/pyvenv.cfg", "home = /usr/bin\n");
  repo.write("env/lib/python3.11/site-packages/pkg/Dockerfile", "FROM x\n");
  repo.write("env/lib/python3.11/site-packages/pkg/tests/test_pkg.py", "def test_x():\n    assert 1\n");
  repo.write("docker/Dockerfile", "FROM python:3.11\n");
  repo.write("services/worker/worker.Dockerfile", "FROM python:3.11\n");
  repo.write("deploy/docker-compose.prod.yml", "services: {api: {image: x}}\n");
  repo.write("deploy/k8s/api.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n");
  repo.write("deploy/chart/Chart.yaml", "apiVersion: v2\nname: api\n");
  repo.write("deploy/chart/templates/svc.yaml",
             "apiVersion: v1\nkind: Service\nmetadata: {name: {{ .Release.Name }}}\n");
  repo.write("monitoring.yaml", "global: {}\nscrape_configs: []\n");
  repo.write("pyproject.toml", "[project]\nname = 'x'\ndependencies = ['fastapi']\n");
  repo.write("src/pkg/tests/test_api.py", "def test_x():\n    assert 1\n");
  repo.write("configs/train.yaml", "lr: 0.1\n");
  repo.write("pipelines/retrain.py", "from airflow import DAG\nwith DAG('retrain') as dag:\n    pass\n");
  repo.write("Jenkinsfile", "pipeline {}\n");
  repo.write("journal/day1.md", "# Day 1\n");
  repo.write("src/pkg/train_model.py", "print('fit')\n");
  repo.write("tests/train_helpers.py", "X = 1\n");
  repo.commit("Layout");
}

}  // namespace

TEST_CASE("project map: things are found in any folder, by name and by content, never in a virtualenv", "[project]") {
  TempDir temp;
  TestRepo repo(temp.path());
  write_layout(repo);
  auto opened = Repo::open(temp.path(), false);
  REQUIRE(opened.repo);
  const ProjectMap map = discover_project(*opened.repo);
  CHECK(map.dockerfiles == Files{"docker/Dockerfile", "services/worker/worker.Dockerfile"});
  CHECK(map.compose_files == Files{"deploy/docker-compose.prod.yml"});
  CHECK(map.k8s_manifests == Files{"deploy/k8s/api.yaml"});
  CHECK(map.helm_charts == Files{"deploy/chart"});
  CHECK(map.prometheus_configs == Files{"monitoring.yaml"});
  CHECK(map.dependency_specs == Files{"pyproject.toml"});
  CHECK(map.test_files == Files{"src/pkg/tests/test_api.py"});
  CHECK(map.virtualenvs == Files{"env"});
  CHECK(map.config_files == Files{"configs/train.yaml"});
  CHECK(map.dag_files == Files{"pipelines/retrain.py"});
  CHECK(map.workflows == Files{"Jenkinsfile"});
  CHECK(map.notes == Files{"journal/day1.md"});
  CHECK(map.training_scripts == Files{"src/pkg/train_model.py"});
}

TEST_CASE("project map: the root comes first, then the least deep, then by name", "[project]") {
  CHECK(preferred_candidate({"b/Dockerfile", "a/x/Dockerfile", "Dockerfile"}) == "Dockerfile");
  CHECK(preferred_candidate({"b/Dockerfile", "a/x/Dockerfile"}) == "b/Dockerfile");
  CHECK(preferred_candidate({"b/Dockerfile", "a/Dockerfile"}) == "a/Dockerfile");
  CHECK(preferred_candidate({}).empty());
  CHECK(discovery_note("Dockerfile", {"docker/Dockerfile"}, "docker/Dockerfile") ==
        "Dockerfile found at docker/Dockerfile");
  CHECK(is_dockerfile_name("Dockerfile.dev"));
  CHECK(is_dockerfile_name("api.dockerfile"));
  CHECK_FALSE(is_dockerfile_name("Dockerfile-notes.md"));
}

TEST_CASE("labs project prints what discovery found, as text and as JSON", "[project]") {
  TempDir temp;
  TestRepo repo(temp.path());
  write_layout(repo);
  repo.write("src/pkg/api.py", "from fastapi import FastAPI\n\napi = FastAPI(title='x')\n");
  repo.commit("API");
  const auto text = test::run_labs({"project"}, temp.path() / "src");
  INFO(text.out << text.err);
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("Dockerfiles (2)\n  docker/Dockerfile\n"));
  CHECK_THAT(text.out, Catch::Contains("web apps (1)\n  src/pkg/api.py:api (fastapi)"));
  const auto json = test::run_labs({"project", "--json", "--repo", temp.path().string()}, temp.path());
  REQUIRE(json.exit_code == 0);
  const auto parsed = nlohmann::json::parse(json.out);
  CHECK(parsed["helm_charts"] == nlohmann::json::array({"deploy/chart"}));
  CHECK(parsed["web_apps"][0]["file"] == "src/pkg/api.py");
  CHECK(parsed["web_apps"][0]["target"] == "pkg.api:api");
  TempDir empty;
  const auto outside = test::run_labs({"project", "--repo", empty.path().string()}, empty.path());
  CHECK(outside.exit_code == 3);
  CHECK_THAT(outside.err, Catch::Contains("not a git repository"));
}

TEST_CASE("project map: tooling folders come last, and what only looks like a file of a kind is not one", "[project]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write(".devcontainer/Dockerfile", "FROM mcr.microsoft.com/devcontainers/python:3.11\n");
  repo.write("docker/Dockerfile", "FROM python:3.11\n");
  repo.write("Dockerfile.md", "# How to build\n");
  repo.write("notes.yaml", "description: |\n  scrape_configs: comes later\n");
  repo.write("monitoring/prometheus.yml", "scrape_configs: []\n");
  repo.commit("Layout");
  auto opened = Repo::open(temp.path(), false);
  REQUIRE(opened.repo);
  const ProjectMap map = discover_project(*opened.repo);
  CHECK(preferred_candidate(map.dockerfiles) == "docker/Dockerfile");
  CHECK(std::find(map.dockerfiles.begin(), map.dockerfiles.end(), "Dockerfile.md") == map.dockerfiles.end());
  CHECK(map.prometheus_configs == Files{"monitoring/prometheus.yml"});
  CHECK(discovery_note("Dockerfile", map.dockerfiles, "docker/Dockerfile") ==
        "2 Dockerfiles found (.devcontainer/Dockerfile, docker/Dockerfile); judged docker/Dockerfile, the least deep "
        "outside hidden folders");
}

TEST_CASE("project map: within a run's scope the tree is walked once and every step shares the map", "[project]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("Dockerfile", "FROM python:3.11\n");
  repo.commit("Dockerfile");
  auto opened = Repo::open(temp.path(), false);
  REQUIRE(opened.repo);
  {
    const DiscoveryScope scope;
    CHECK(discover_project(*opened.repo).dockerfiles == Files{"Dockerfile"});
    repo.write("docker/Dockerfile", "FROM python:3.11\n");
    // A second step of the same run gets the first walk, not a new one.
    CHECK(discover_project(*opened.repo).dockerfiles == Files{"Dockerfile"});
  }
  // Outside a run every call walks the tree as it is now.
  CHECK(discover_project(*opened.repo).dockerfiles == Files{"Dockerfile", "docker/Dockerfile"});
}
