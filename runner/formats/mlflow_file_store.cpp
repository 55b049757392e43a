// The `mlruns/` file store: experiments, runs, metrics, params, tags,
// MLflow 3 logged models and the model registry, read file by file. A file
// that cannot be read becomes a problem of the store and the rest is read.
#include <labs/formats/mlflow_store.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace labkit::mlflow {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFile = 8 << 20;

/// The whitespace-separated fields of a line, at most four (MLflow's are
/// timestamp, value, step and, in some versions, a run id).
std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  while (fields.size() < 4) {
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    const std::size_t end = std::min(line.find_first_of(" \t\r"), line.size());
    fields.push_back(line.substr(0, end));
    line.remove_prefix(end);
  }
  return fields;
}

template <typename Number>
bool parse_whole(std::string_view text, Number& into) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), into);
  return error == std::errc() && end == text.data() + text.size();
}
constexpr int kMaxModelDepth = 6;
/// Folders of an experiment that are not runs.
const std::set<std::string> kReservedInExperiment{"tags", "datasets", "traces", "models", "inputs"};

/// Real folders and files only: a symlink in a learner's store is never followed.
bool is_dir(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() == fs::file_type::directory;
}
bool is_file(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() == fs::file_type::regular;
}

std::vector<fs::path> children(const fs::path& folder, bool folders) {
  std::vector<fs::path> found;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    if (folders ? is_dir(it->path()) : is_file(it->path())) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

class Reader {
 public:
  explicit Reader(const fs::path& mlruns) : m_root(mlruns) {}

  Store read() {
    Store store{"file store", m_root, {}, {}, {}, {}};
    for (const auto& folder : children(m_root, true)) {
      const std::string name = folder.filename().string();
      if (name == ".trash") {
        for (const auto& trashed : children(folder, true)) read_experiment(store, trashed, true);
      } else if (name == "models") {
        read_registry(store, folder);
      } else {
        read_experiment(store, folder, false);
      }
    }
    store.problems = std::move(m_problems);
    return store;
  }

 private:
  std::string shown(const fs::path& path) const {
    return path.lexically_relative(m_root.parent_path()).generic_string();
  }

  std::optional<std::string> text(const fs::path& file) {
    std::string error;
    auto content = read_text_file(file, kMaxFile + 1, error);
    if (!content) {
      m_problems.push_back(shown(file) + ": cannot be read (" + error + ")");
      return std::nullopt;
    }
    if (content->size() > kMaxFile) {
      m_problems.push_back(shown(file) + ": larger than 8 MiB, not read");
      return std::nullopt;
    }
    return content;
  }

  std::optional<YAML::Node> yaml(const fs::path& file) {
    if (!is_file(file)) return std::nullopt;
    const auto content = text(file);
    if (!content) return std::nullopt;
    try {
      YAML::Node node = YAML::Load(*content);
      if (node.IsMap()) return node;
      m_problems.push_back(shown(file) + ": not a YAML mapping");
    } catch (const YAML::Exception& e) {
      m_problems.push_back(fmt::format("{}:{}: {}", shown(file), e.mark.line + 1, e.msg));
    }
    return std::nullopt;
  }

  static std::string scalar(const YAML::Node& map, const char* key) {
    const YAML::Node value = map[key];
    return value.IsDefined() && value.IsScalar() ? value.Scalar() : "";
  }
  static std::optional<std::int64_t> number(const YAML::Node& map, const char* key) {
    const std::string value = scalar(map, key);
    std::int64_t parsed = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (error != std::errc() || end != value.data() + value.size() || value.empty()) return std::nullopt;
    return parsed;
  }

  /// Key → content for every file under `folder`; a key with '/' is a nested file.
  std::map<std::string, std::string> key_files(const fs::path& folder) {
    std::map<std::string, std::string> values;
    std::vector<fs::path> pending{folder};
    while (!pending.empty()) {
      const fs::path current = pending.back();
      pending.pop_back();
      for (const auto& sub : children(current, true)) pending.push_back(sub);
      for (const auto& file : children(current, false)) {
        if (auto content = text(file)) values[file.lexically_relative(folder).generic_string()] = std::move(*content);
      }
    }
    return values;
  }

  /// `timestamp value [step [run_id …]]` lines; a line that is none of that is a problem.
  MetricHistory metric_history(const fs::path& file, std::string_view content) {
    MetricHistory history;
    int number_of_line = 0;
    while (!content.empty()) {
      const std::size_t end_of_line = std::min(content.find('\n'), content.size());
      const std::string_view line = content.substr(0, end_of_line);
      content.remove_prefix(std::min(end_of_line + 1, content.size()));
      ++number_of_line;
      const auto fields = split_fields(line);
      if (fields.empty()) continue;
      MetricPoint point;
      // from_chars ignores the locale and reads Python's nan, inf, -inf and 1e-05.
      const bool ok = fields.size() >= 2 && parse_whole(fields[0], point.timestamp) &&
                      parse_whole(fields[1], point.value) && (fields.size() < 3 || parse_whole(fields[2], point.step));
      if (!ok) {
        m_problems.push_back(
            fmt::format("{}:{}: not a metric line ('timestamp value step')", shown(file), number_of_line));
        continue;
      }
      history.add(point);
    }
    return history;
  }

  void read_metrics(const fs::path& folder, std::map<std::string, MetricHistory>& into) {
    for (auto& [key, content] : key_files(folder)) into[key] = metric_history(folder / key, content);
  }

  /// The run's artifacts: beside its meta.yaml (local store), or in the
  /// `mlartifacts/` folder of `mlflow server` next to mlruns. Recorded URIs
  /// point at the learner's machine and are not used.
  fs::path artifact_dir(const std::string& experiment, const fs::path& run_folder) const {
    fs::path local = run_folder / "artifacts";
    if (is_dir(local)) return local;
    const fs::path served = m_root.parent_path() / "mlartifacts" / experiment / run_folder.filename() / "artifacts";
    return is_dir(served) ? served : local;
  }

  void find_models(const fs::path& folder, int depth, const Run& run, std::vector<LoggedModel>& into) const {
    if (depth > kMaxModelDepth) return;
    if (is_file(folder / "MLmodel")) {
      into.push_back({run.id + "/" + folder.lexically_relative(run.artifact_dir).generic_string(), run.id,
                      run.experiment_id, folder});
      return;
    }
    for (const auto& sub : children(folder, true)) find_models(sub, depth + 1, run, into);
  }

  void read_experiment(Store& store, const fs::path& folder, bool trashed) {
    const auto meta = yaml(folder / "meta.yaml");
    if (!meta) return;  // not an experiment folder (or a problem already noted)
    Experiment experiment;
    experiment.id = scalar(*meta, "experiment_id");
    if (experiment.id.empty()) experiment.id = folder.filename().string();
    experiment.name = scalar(*meta, "name");
    experiment.deleted = trashed || scalar(*meta, "lifecycle_stage") == "deleted";
    for (const auto& sub : children(folder, true)) {
      const std::string name = sub.filename().string();
      if (name == "models") {
        read_logged_models(store, experiment.id, sub);
        continue;
      }
      if (kReservedInExperiment.count(name)) continue;
      if (auto run = read_run(experiment.id, sub)) {
        find_models(run->artifact_dir, 0, *run, store.models);
        experiment.runs.push_back(std::move(*run));
      }
    }
    store.experiments.push_back(std::move(experiment));
  }

  std::optional<Run> read_run(const std::string& experiment_id, const fs::path& folder) {
    const auto meta = yaml(folder / "meta.yaml");
    if (!meta) return std::nullopt;
    Run run;
    run.id = scalar(*meta, "run_id");
    if (run.id.empty()) run.id = scalar(*meta, "run_uuid");
    if (run.id.empty()) run.id = folder.filename().string();
    run.name = scalar(*meta, "run_name");
    run.experiment_id = experiment_id;
    // A run without a status was never ended: MLflow reads it as RUNNING.
    const std::string status = scalar(*meta, "status");
    run.status = status.empty() ? RunStatus::running : parse_run_status(status);
    run.deleted = scalar(*meta, "lifecycle_stage") == "deleted";
    run.start_time = number(*meta, "start_time");
    run.end_time = number(*meta, "end_time");
    run.params = key_files(folder / "params");
    run.tags = key_files(folder / "tags");
    if (run.name.empty() && run.tags.count("mlflow.runName")) run.name = run.tags["mlflow.runName"];
    read_metrics(folder / "metrics", run.metrics);
    run.artifact_dir = artifact_dir(experiment_id, folder);
    return run;
  }

  /// MLflow 3: <exp>/models/m-*/ with meta.yaml; artifacts beside it or in mlartifacts/.
  void read_logged_models(Store& store, const std::string& experiment_id, const fs::path& folder) {
    for (const auto& model_folder : children(folder, true)) {
      const auto meta = yaml(model_folder / "meta.yaml");
      if (!meta) continue;
      LoggedModel model;
      model.id = scalar(*meta, "model_id");
      if (model.id.empty()) model.id = model_folder.filename().string();
      model.run_id = scalar(*meta, "source_run_id");
      model.experiment_id = experiment_id;
      model.directory = model_folder / "artifacts";
      const fs::path served = m_root.parent_path() / "mlartifacts" / experiment_id / "models" / model.id / "artifacts";
      if (!is_dir(model.directory) && is_dir(served)) model.directory = served;
      store.models.push_back(std::move(model));
    }
  }

  void read_registry(Store& store, const fs::path& folder) {
    for (const auto& model_folder : children(folder, true)) {
      const auto meta = yaml(model_folder / "meta.yaml");
      if (!meta) continue;
      RegisteredModel model;
      model.name = scalar(*meta, "name");
      if (model.name.empty()) model.name = model_folder.filename().string();
      for (const auto& sub : children(model_folder, true)) {
        if (!sub.filename().string().starts_with("version-")) continue;
        const auto version_meta = yaml(sub / "meta.yaml");
        if (!version_meta) continue;
        ModelVersion version;
        version.version = static_cast<int>(number(*version_meta, "version").value_or(0));
        version.stage = scalar(*version_meta, "current_stage");
        if (version.stage == "Deleted_Internal") continue;  // a deleted version keeps its folder
        version.status = scalar(*version_meta, "status");
        version.run_id = scalar(*version_meta, "run_id");
        version.source = scalar(*version_meta, "source");
        model.versions.push_back(std::move(version));
      }
      std::sort(model.versions.begin(), model.versions.end(),
                [](const ModelVersion& a, const ModelVersion& b) { return a.version < b.version; });
      for (auto& [alias, value] : key_files(model_folder / "aliases")) {
        int version = 0;
        if (std::from_chars(value.data(), value.data() + value.size(), version).ec == std::errc()) {
          model.aliases[alias] = version;
        }
      }
      store.registry.push_back(std::move(model));
    }
  }

  fs::path m_root;
  std::vector<std::string> m_problems;
};

}  // namespace

ReadResult read_file_store(const fs::path& mlruns) {
  if (!is_dir(mlruns)) return {std::nullopt, fmt::format("{} is not a folder", mlruns.filename().string())};
  Store store = Reader(mlruns).read();
  if (store.experiments.empty()) {
    return {std::nullopt, fmt::format("{} holds no experiment (no <id>/meta.yaml): is it an MLflow file store?",
                                      mlruns.filename().string())};
  }
  return {std::move(store), ""};
}

}  // namespace labkit::mlflow
