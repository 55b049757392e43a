// `labs project`: what discovery finds in the repository — the files steps
// without a path judge — so a learner sees how labs reads their project.
#include "commands/commands.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/process/python_code.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

namespace labkit {

namespace {

struct Section {
  const char* title;
  const char* key;  ///< in --json
  const std::vector<std::string>* files;
};

int run_project(const std::string& repo_option, bool as_json) {
  const std::filesystem::path start =
      repo_option.empty() ? std::filesystem::current_path() : std::filesystem::path(repo_option);
  auto opened = Repo::open(start, repo_option.empty());
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  const ProjectMap map = discover_project(*opened.repo);
  std::string error;
  std::vector<std::string> unreadable;
  const auto apps = find_web_apps(*opened.repo, error, unreadable);
  const std::vector<Section> sections{{"Dockerfiles", "dockerfiles", &map.dockerfiles},
                                      {"Compose files", "compose_files", &map.compose_files},
                                      {"CI workflows", "workflows", &map.workflows},
                                      {"dependency specs", "dependency_specs", &map.dependency_specs},
                                      {"virtualenvs", "virtualenvs", &map.virtualenvs},
                                      {"test files", "test_files", &map.test_files},
                                      {"Kubernetes manifests", "k8s_manifests", &map.k8s_manifests},
                                      {"Helm charts", "helm_charts", &map.helm_charts},
                                      {"Prometheus configs", "prometheus_configs", &map.prometheus_configs},
                                      {"DVC files", "dvc_files", &map.dvc_files},
                                      {"Airflow DAG files", "dag_files", &map.dag_files},
                                      {"config files", "config_files", &map.config_files},
                                      {"training scripts", "training_scripts", &map.training_scripts},
                                      {"notes", "notes", &map.notes}};
  if (as_json) {
    nlohmann::json out{{"root", opened.repo->root().string()}};
    for (const auto& section : sections) out[section.key] = *section.files;
    out["web_apps"] = nlohmann::json::array();
    for (const auto& app : apps)
      out["web_apps"].push_back({{"file", app.file}, {"target", app.target()}, {"framework", app.framework}});
    // A path that is not UTF-8 is shown with U+FFFD, never a crash.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return kExitPassed;
  }
  std::cout << fmt::format("What labs finds in {}\n(steps that name no path judge the first of each)\n",
                           opened.repo->root().string());
  for (const auto& section : sections) {
    const auto& files = *section.files;
    if (files.empty()) {
      std::cout << fmt::format("\n{}: none\n", section.title);
      continue;
    }
    std::cout << fmt::format("\n{} ({})\n", section.title, files.size());
    const std::size_t shown = std::min<std::size_t>(files.size(), 12);
    for (std::size_t i = 0; i < shown; ++i) std::cout << fmt::format("  {}\n", files[i]);
    if (files.size() > shown) std::cout << fmt::format("  ... and {} more\n", files.size() - shown);
  }
  std::cout << (apps.empty() ? std::string("\nweb apps: none\n") : fmt::format("\nweb apps ({})\n", apps.size()));
  for (const auto& app : apps) std::cout << fmt::format("  {}:{} ({})\n", app.file, app.variable, app.framework);
  if (!error.empty()) std::cout << fmt::format("  (the Python modules could not be read: {})\n", error);
  return kExitPassed;
}

}  // namespace

void define_project(CLI::App& app, const GlobalOptions& /*globals*/, int& exit_code) {
  auto repo = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  CLI::App* project = app.add_subcommand("project", "Show what labs finds in your repository and where");
  project->footer(
      "\nDockerfiles, Compose files, workflows, manifests and the rest, found in every folder\n"
      "among your own files (never a virtualenv). A step that names no path judges the\n"
      "file at the root, else the least deep.\n\n"
      "Examples:\n  labs project\n  labs project --json --repo ../my-project");
  project->add_option("--repo", *repo, "The repository (default: the one around this folder)");
  project->add_flag("--json", *as_json, "Print it as JSON");
  project->callback([repo, as_json, &exit_code] { exit_code = run_project(*repo, *as_json); });
}

}  // namespace labkit
