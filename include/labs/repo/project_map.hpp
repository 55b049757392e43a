#pragma once
// Project discovery: where this learner put things. One walk over the
// learner's own files (git_tree.hpp: committed or untracked-not-ignored,
// never a package tree) finds them by name and, for YAML, by content, so a
// step that names no path judges what the learner made wherever it lives.

#include <filesystem>
#include <string>
#include <vector>

namespace labkit {

class Repo;

struct ProjectMap {
  std::vector<std::string> dockerfiles;    ///< Dockerfile, dockerfile, *.Dockerfile, Dockerfile.*, Containerfile
  std::vector<std::string> compose_files;  ///< compose.y*ml, docker-compose*.y*ml, podman-compose*.y*ml
  std::vector<std::string> workflows;      ///< .github/workflows/*, .gitlab-ci.yml, Jenkinsfile
  std::vector<std::string>
      dependency_specs;  ///< requirements*.txt, pyproject.toml, environment.y*ml, Pipfile, setup.cfg, setup.py
  std::vector<std::string> virtualenvs;         ///< folders with pyvenv.cfg or conda-meta (ignored or not)
  std::vector<std::string> k8s_manifests;       ///< YAML with apiVersion and kind, outside Helm charts
  std::vector<std::string> helm_charts;         ///< folders with Chart.yaml (their templates are not plain YAML)
  std::vector<std::string> prometheus_configs;  ///< YAML with scrape_configs, also inside a ConfigMap
  std::vector<std::string> test_files;          ///< test_*.py, *_test.py
  std::vector<std::string> notes;               ///< Markdown under notes/, docs/, journal/ and README.md
  std::vector<std::string> dvc_files;           ///< dvc.yaml, *.dvc
  std::vector<std::string> dag_files;           ///< Python that makes an Airflow DAG
  std::vector<std::string> config_files;        ///< YAML/JSON/TOML under config(s)/, conf/, params.yaml, config.*
  std::vector<std::string> training_scripts;    ///< train*.py outside the tests
};

/// The map of the learner's repository. While a DiscoveryScope lives, the
/// first call for a work tree walks it and later calls (from any thread)
/// get that map: one discovery per run, shared by all its steps.
ProjectMap discover_project(const Repo& repo);

/// One run's shared discovery (see discover_project); scopes do not nest.
class DiscoveryScope {
 public:
  DiscoveryScope();
  ~DiscoveryScope();
  DiscoveryScope(const DiscoveryScope&) = delete;
  DiscoveryScope& operator=(const DiscoveryScope&) = delete;
};

/// Which of several candidates a step judges: one at the root first, then
/// the shallowest, then the first by name; "" when there is none.
std::string preferred_candidate(const std::vector<std::string>& candidates);

/// Evidence saying which file discovery chose and what else it saw:
/// "Dockerfile found at docker/Dockerfile" or "3 Dockerfiles found
/// (Dockerfile, api/Dockerfile, ...); judged Dockerfile, the one at the root".
std::string discovery_note(const std::string& what, const std::vector<std::string>& candidates,
                           const std::string& chosen);

/// The Compose file a step judges when it names none: the preferred one
/// that is not an override file (which only adds to a main one; docker
/// compose never reads it alone); "" when there is none. `note` gets the
/// discovery note.
std::string main_compose_file(const Repo& repo, std::string& note);

/// Whether a file name is a Dockerfile by Docker's and Podman's conventions.
bool is_dockerfile_name(const std::string& name);

}  // namespace labkit
