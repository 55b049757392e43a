#include <labs/repo/git_tree.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <boost/regex.hpp>
#include <map>
#include <mutex>
#include <tuple>

namespace labkit {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSniffBytes = 16 << 20;

bool is_yaml(const std::string& name) { return name.ends_with(".yaml") || name.ends_with(".yml"); }

bool has_folder(const std::string& path, std::initializer_list<const char*> folders) {
  for (const char* folder : folders) {
    const std::string segment = std::string(folder) + "/";
    if (path.starts_with(segment) || path.find("/" + segment) != std::string::npos) return true;
  }
  return false;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::size_t depth(const std::string& path) {
  return static_cast<std::size_t>(std::count(path.begin(), path.end(), '/'));
}

/// The Helm chart folder a file belongs to, "" when none.
std::string chart_of(const std::string& file, const std::vector<std::string>& charts) {
  for (const auto& chart : charts) {
    if (file.starts_with(chart + "/")) return chart;
  }
  return "";
}

/// YAML files sorted by what their text says they are.
void sniff_yaml(const fs::path& root, const std::string& file, ProjectMap& map) {
  static const boost::regex kind(R"((^|\n)kind:\s*\w+)");
  static const boost::regex api(R"((^|\n)apiVersion:)");
  static const boost::regex top_level_scrape(R"((^|\n)scrape_configs:)");
  static const boost::regex embedded_scrape(R"((^|\n)\s+scrape_configs:)");
  static const boost::regex config_map(R"((^|\n)kind:\s*ConfigMap\b)");
  const auto text = read_repo_text(root, file, kMaxSniffBytes);
  if (!text) return;
  // A key of the file itself, or of a configuration a ConfigMap carries: not
  // a line of some other text block that happens to say scrape_configs.
  if (boost::regex_search(*text, top_level_scrape) ||
      (boost::regex_search(*text, config_map) && boost::regex_search(*text, embedded_scrape)))
    map.prometheus_configs.push_back(file);
  if (boost::regex_search(*text, kind) && boost::regex_search(*text, api)) map.k8s_manifests.push_back(file);
}

/// The last segment of a repo-relative path.
std::string file_name(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? file : file.substr(slash + 1);
}

void classify(const std::string& file, ProjectMap& map) {
  const std::string name = file_name(file);
  const std::string lowered = lower(name);
  if (is_dockerfile_name(name)) map.dockerfiles.push_back(file);
  if (is_yaml(lowered) && (lowered.starts_with("compose.") || lowered.starts_with("docker-compose") ||
                           lowered.starts_with("podman-compose")))
    map.compose_files.push_back(file);
  if ((file.starts_with(".github/workflows/") && is_yaml(name)) || file == ".gitlab-ci.yml" || name == "Jenkinsfile")
    map.workflows.push_back(file);
  if ((lowered.starts_with("requirements") && lowered.ends_with(".txt")) || name == "pyproject.toml" ||
      name == "environment.yml" || name == "environment.yaml" || name == "Pipfile" || name == "setup.cfg" ||
      name == "setup.py")
    map.dependency_specs.push_back(file);
  if (name.ends_with(".py") && (name.starts_with("test_") || name.ends_with("_test.py")))
    map.test_files.push_back(file);
  else if (name.ends_with(".py") && lowered.starts_with("train") && !has_folder(file, {"tests", "test"}))
    map.training_scripts.push_back(file);
  if (lowered.ends_with(".md") && (lowered == "readme.md" || has_folder(file, {"notes", "docs", "doc", "journal"})))
    map.notes.push_back(file);
  if (name == "dvc.yaml" || (name.ends_with(".dvc") && name != ".dvc")) map.dvc_files.push_back(file);
  const bool config_name = name == "params.yaml" || lowered.starts_with("config.") || lowered.starts_with("settings.");
  const bool config_folder = has_folder(file, {"config", "configs", "conf"});
  if ((config_name || config_folder) && (is_yaml(lowered) || lowered.ends_with(".json") || lowered.ends_with(".toml")))
    map.config_files.push_back(file);
}

/// Python that makes an Airflow DAG, found by its text (the airflow check
/// then reads it as code).
void sniff_dag(const fs::path& root, const std::string& file, ProjectMap& map) {
  static const boost::regex dag(R"(\bDAG\s*\(|@dag\b)");
  const auto text = read_repo_text(root, file, kMaxSniffBytes);
  if (text && text->find("airflow") != std::string::npos && boost::regex_search(*text, dag))
    map.dag_files.push_back(file);
}

/// Virtualenvs and conda environments at the top and one level down,
/// ignored or not (own_files never enters them).
std::vector<std::string> find_virtualenvs(const fs::path& root) {
  std::vector<std::string> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root, error)) {
    if (entry.path().filename() == ".git" || entry.is_symlink(error) || !entry.is_directory(error)) continue;
    if (is_package_tree(entry.path())) {
      if (entry.path().filename() != "node_modules") found.push_back(entry.path().filename().string());
      continue;
    }
    std::error_code inner_error;
    for (const auto& inner : fs::directory_iterator(entry.path(), inner_error)) {
      if (!inner.is_symlink(inner_error) && inner.is_directory(inner_error) && is_package_tree(inner.path()) &&
          inner.path().filename() != "node_modules" && inner.path().filename() != "site-packages")
        found.push_back(fs::relative(inner.path(), root, inner_error).generic_string());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

std::string main_compose_file(const Repo& repo, std::string& note) {
  const auto found = discover_project(repo).compose_files;
  std::vector<std::string> main_files;
  std::copy_if(found.begin(), found.end(), std::back_inserter(main_files),
               [](const std::string& file) { return file.find("override") == std::string::npos; });
  std::string chosen = preferred_candidate(main_files);
  if (!chosen.empty()) note = discovery_note("Compose file", found, chosen);
  return chosen;
}

bool is_dockerfile_name(const std::string& name) {
  const std::string lowered = lower(name);
  // Dockerfile.dev is one; Dockerfile.md, Dockerfile.dockerignore or a backup are not.
  static const std::vector<std::string> not_dockerfiles{".md", ".txt", ".dockerignore", ".orig", ".bak", ".swp", "~"};
  if (std::any_of(not_dockerfiles.begin(), not_dockerfiles.end(),
                  [&](const std::string& suffix) { return lowered.ends_with(suffix); }))
    return false;
  return lowered == "dockerfile" || lowered == "containerfile" || lowered.ends_with(".dockerfile") ||
         lowered.starts_with("dockerfile.") || lowered.ends_with(".containerfile");
}

namespace {

struct SharedMaps {
  std::mutex mutex;
  bool active = false;
  std::map<std::filesystem::path, ProjectMap> by_root;
};

SharedMaps& shared_maps() {
  static SharedMaps shared;
  return shared;
}

ProjectMap walk_project(const Repo& repo);

}  // namespace

DiscoveryScope::DiscoveryScope() {
  const std::lock_guard lock(shared_maps().mutex);
  shared_maps().active = true;
}

DiscoveryScope::~DiscoveryScope() {
  const std::lock_guard lock(shared_maps().mutex);
  shared_maps().active = false;
  shared_maps().by_root.clear();
}

ProjectMap discover_project(const Repo& repo) {
  SharedMaps& shared = shared_maps();
  // Held while walking: a second step waits for the first walk instead of repeating it.
  const std::lock_guard lock(shared.mutex);
  if (!shared.active) return walk_project(repo);
  const auto found = shared.by_root.find(repo.root());
  if (found != shared.by_root.end()) return found->second;
  return shared.by_root.emplace(repo.root(), walk_project(repo)).first->second;
}

namespace {

ProjectMap walk_project(const Repo& repo) {
  ProjectMap map;
  const auto files = own_files(repo, "**");
  for (const auto& file : files) {
    if (fs::path(file).filename() == "Chart.yaml")
      map.helm_charts.push_back(fs::path(file).parent_path().generic_string());
  }
  for (const auto& file : files) {
    classify(file, map);
    const bool in_chart = !chart_of(file, map.helm_charts).empty();
    if (is_yaml(lower(file)) && !in_chart && !file.starts_with(".github/") && file != ".gitlab-ci.yml")
      sniff_yaml(repo.root(), file, map);
    if (file.ends_with(".py") && !has_folder(file, {"tests", "test"})) sniff_dag(repo.root(), file, map);
  }
  // A compose file is not a Kubernetes manifest, whatever keys it has.
  std::erase_if(map.k8s_manifests, [&](const std::string& file) {
    return std::find(map.compose_files.begin(), map.compose_files.end(), file) != map.compose_files.end();
  });
  map.virtualenvs = find_virtualenvs(repo.root());
  return map;
}

}  // namespace

namespace {

/// Whether a path is inside a hidden folder (.devcontainer/, .github/):
/// tooling around the project, not the project.
bool in_hidden_folder(const std::string& path) { return path.starts_with('.') || path.find("/.") != std::string::npos; }

}  // namespace

std::string preferred_candidate(const std::vector<std::string>& candidates) {
  if (candidates.empty()) return "";
  return *std::min_element(candidates.begin(), candidates.end(), [](const std::string& a, const std::string& b) {
    return std::make_tuple(in_hidden_folder(a), depth(a), a) < std::make_tuple(in_hidden_folder(b), depth(b), b);
  });
}

std::string discovery_note(const std::string& what, const std::vector<std::string>& candidates,
                           const std::string& chosen) {
  if (candidates.size() <= 1) return fmt::format("{} found at {}", what, chosen);
  std::vector<std::string> shown(candidates.begin(), candidates.begin() + std::min<std::size_t>(candidates.size(), 4));
  const std::string more = candidates.size() > shown.size() ? ", ..." : "";
  const auto same_rank = [&](const std::string& other) {
    return other != chosen && in_hidden_folder(other) == in_hidden_folder(chosen) && depth(other) == depth(chosen);
  };
  const bool tie = std::any_of(candidates.begin(), candidates.end(), same_rank);
  const std::string why = tie                        ? "the first by name of the least deep"
                          : depth(chosen) == 0       ? "the one at the root"
                          : in_hidden_folder(chosen) ? "the least deep"
                                                     : "the least deep outside hidden folders";
  return fmt::format("{} {}s found ({}{}); judged {}, {}", candidates.size(), what, fmt::join(shown, ", "), more,
                     chosen, why);
}

}  // namespace labkit
