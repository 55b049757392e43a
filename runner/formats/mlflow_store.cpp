// What both MLflow backends share: run statuses, the latest metric value,
// where a project keeps its store, and MLmodel files.
#include <labs/formats/mlflow_store.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

namespace labkit::mlflow {

namespace fs = std::filesystem;

std::string_view to_string(RunStatus status) {
  switch (status) {
    case RunStatus::running:
      return "RUNNING";
    case RunStatus::scheduled:
      return "SCHEDULED";
    case RunStatus::finished:
      return "FINISHED";
    case RunStatus::failed:
      return "FAILED";
    case RunStatus::killed:
      return "KILLED";
    case RunStatus::unknown:
      break;
  }
  return "UNKNOWN";
}

RunStatus parse_run_status(std::string_view text) {
  // The file store writes the protobuf enum's number, SQL stores its name.
  static const std::pair<std::string_view, RunStatus> kNames[] = {
      {"1", RunStatus::running},   {"RUNNING", RunStatus::running},
      {"2", RunStatus::scheduled}, {"SCHEDULED", RunStatus::scheduled},
      {"3", RunStatus::finished},  {"FINISHED", RunStatus::finished},
      {"4", RunStatus::failed},    {"FAILED", RunStatus::failed},
      {"5", RunStatus::killed},    {"KILLED", RunStatus::killed}};
  for (const auto& [name, status] : kNames) {
    if (name == text) return status;
  }
  return RunStatus::unknown;
}

void MetricHistory::add(const MetricPoint& point) {
  const auto key = [](const MetricPoint& p) { return std::make_tuple(p.step, p.timestamp, p.value); };
  if (points++ == 0 || key(latest) < key(point)) latest = point;
}

std::optional<double> Run::latest(const std::string& metric) const {
  const auto found = metrics.find(metric);
  if (found == metrics.end() || found->second.points == 0) return std::nullopt;
  return found->second.latest.value;
}

ReadResult read_store(const fs::path& path) {
  std::error_code error;
  const auto type = fs::symlink_status(path, error).type();
  if (type == fs::file_type::directory) return read_file_store(path);
  if (type == fs::file_type::regular) return read_sqlite_store(path);
  if (type == fs::file_type::symlink)
    return {std::nullopt, fmt::format("{} is a symlink; not followed", path.filename().string())};
  return {std::nullopt, fmt::format("{} does not exist", path.filename().string())};
}

namespace {

/// MLFLOW_TRACKING_URI from a .env file: `sqlite:///mlflow.db`, `file:./mlruns`,
/// or a plain path; http(s) servers are not stores labs can read.
std::optional<std::string> tracking_uri_from_env_file(const fs::path& env_file) {
  std::error_code error;
  if (fs::symlink_status(env_file, error).type() != fs::file_type::regular) return std::nullopt;
  std::ifstream in(env_file);
  for (std::string line; std::getline(in, line);) {
    line.erase(0, line.find_first_not_of(" \t"));
    if (line.starts_with("export ")) line.erase(0, 7);
    if (!line.starts_with("MLFLOW_TRACKING_URI=")) continue;
    std::string value = line.substr(20);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

}  // namespace

std::string path_of_tracking_uri(std::string_view uri) {
  if (uri.starts_with("http://") || uri.starts_with("https://")) return "";
  for (const std::string_view scheme : {"sqlite:///", "file://", "file:"}) {
    if (uri.starts_with(scheme)) return std::string(uri.substr(scheme.size()));
  }
  return std::string(uri);
}

namespace {

constexpr const char* kUsualStores[] = {"mlflow.db", "mlruns", "src/mlruns", "notebooks/mlruns", "experiments/mlruns"};

}  // namespace

std::vector<fs::path> existing_stores(const fs::path& root) {
  std::vector<fs::path> found;
  if (auto uri = tracking_uri_from_env_file(root / ".env")) {
    const std::string path = path_of_tracking_uri(*uri);
    if (!path.empty() && fs::path(path).is_relative()) found.emplace_back(path);
  }
  for (const char* candidate : kUsualStores) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(root / candidate, error)) &&
        std::find(found.begin(), found.end(), candidate) == found.end())
      found.emplace_back(candidate);
  }
  return found;
}

fs::path locate_store(const fs::path& root, std::string& why) {
  if (auto uri = tracking_uri_from_env_file(root / ".env")) {
    const std::string path = path_of_tracking_uri(*uri);
    if (path.empty()) {
      why = fmt::format(".env sets MLFLOW_TRACKING_URI={}, a server; looked for a local store instead", *uri);
    } else if (!path.empty() && fs::path(path).is_relative()) {
      return path;
    } else {
      why = fmt::format(".env sets MLFLOW_TRACKING_URI={}, outside the repository", *uri);
    }
  }
  for (const char* candidate : kUsualStores) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(root / candidate, error))) return candidate;
  }
  if (why.empty()) why = "no mlflow.db or mlruns/ in the repository (and no MLFLOW_TRACKING_URI in .env)";
  return {};
}

MlModel read_mlmodel(const fs::path& directory) {
  MlModel model;
  try {
    const YAML::Node node = YAML::LoadFile((directory / "MLmodel").string());
    const YAML::Node flavors = node.IsMap() ? node["flavors"] : YAML::Node();
    if (!flavors.IsDefined() || !flavors.IsMap() || flavors.size() == 0) {
      model.error = "MLmodel has no flavors";
      return model;
    }
    std::vector<std::string> named;
    for (const auto& flavor : flavors) {
      model.flavors.push_back(flavor.first.as<std::string>());
      for (const char* key : {"model_path", "pickled_model", "data"}) {
        const YAML::Node file = flavor.second.IsMap() ? flavor.second[key] : YAML::Node();
        if (file.IsDefined() && file.IsScalar() && !file.Scalar().empty()) named.push_back(file.Scalar());
      }
    }
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    for (const auto& file : named) {
      std::error_code error;
      if (file.find("..") != std::string::npos || !fs::exists(fs::symlink_status(directory / file, error))) {
        model.missing_files.push_back(file);
      }
    }
  } catch (const YAML::Exception& e) {
    model.error = fmt::format("MLmodel:{}: {}", e.mark.line + 1, e.msg);
  }
  return model;
}

}  // namespace labkit::mlflow
