#pragma once
// MLflow's tracking data as the `mlflow` check sees it, read without MLflow
// from either backend: the `mlruns/` file store (MLflow 1.x-3.x layouts) or
// the SQLite database `mlflow.db`. Formats: shared/reference/probe-formats.md §1.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace labkit::mlflow {

enum class RunStatus { running, scheduled, finished, failed, killed, unknown };

std::string_view to_string(RunStatus status);
/// "FINISHED" or the file store's integer (3); unknown text gives unknown.
RunStatus parse_run_status(std::string_view text);

struct MetricPoint {
  std::int64_t timestamp = 0;  ///< ms
  double value = 0;            ///< may be nan or inf
  std::int64_t step = 0;
};

/// A metric's history, summarised while it is read: checks need only how
/// many points were logged and the latest one, and a store of 10,000 runs
/// must fit in a small memory.
struct MetricHistory {
  std::size_t points = 0;
  MetricPoint latest;  ///< MLflow's latest: the greatest (step, timestamp, value)
  void add(const MetricPoint& point);
};

struct Run {
  std::string id;
  std::string name;
  std::string experiment_id;
  RunStatus status = RunStatus::unknown;
  bool deleted = false;
  std::optional<std::int64_t> start_time, end_time;
  std::map<std::string, std::string> params, tags;
  std::map<std::string, MetricHistory> metrics;
  std::filesystem::path artifact_dir;  ///< on this machine; may not exist

  /// MLflow's latest value: the point with the greatest (step, timestamp, value).
  std::optional<double> latest(const std::string& metric) const;
};

struct Experiment {
  std::string id;
  std::string name;
  bool deleted = false;
  std::vector<Run> runs;
};

/// A model directory holding an MLmodel file: under a run's artifacts
/// (MLflow 2) or an experiment's models/m-*/artifacts (MLflow 3).
struct LoggedModel {
  std::string id;  ///< "m-…" (MLflow 3), else "<run id>/<artifact path>"
  std::string run_id;
  std::string experiment_id;
  std::filesystem::path directory;
};

struct ModelVersion {
  int version = 0;
  std::string stage;  ///< None, Staging, Production, Archived
  std::string status;
  std::string run_id;
  std::string source;
};

struct RegisteredModel {
  std::string name;
  std::vector<ModelVersion> versions;  ///< deleted ones left out
  std::map<std::string, int> aliases;
};

struct Store {
  std::string kind;                     ///< "file store" or "SQLite"
  std::filesystem::path path;           ///< the mlruns folder or the mlflow.db file
  std::vector<Experiment> experiments;  ///< deleted ones too (flagged)
  std::vector<LoggedModel> models;
  std::vector<RegisteredModel> registry;
  std::vector<std::string> problems;  ///< what could not be read, "FILE: why"; the rest was read
};

/// Reads a store, or says why it cannot: a folder is read as a file store, a
/// file as SQLite. Nothing is followed through a symlink.
struct ReadResult {
  std::optional<Store> store;
  std::string error;
};
ReadResult read_store(const std::filesystem::path& path);
ReadResult read_file_store(const std::filesystem::path& mlruns);
ReadResult read_sqlite_store(const std::filesystem::path& database);

/// The path in a tracking URI: `sqlite:///mlflow.db`, `file:./mlruns`,
/// `file:///abs/mlruns` or a plain path; "" for a server (http, https).
std::string path_of_tracking_uri(std::string_view uri);

/// Where a project keeps its store, relative to the repository root: the
/// tracking URI in `.env` (MLFLOW_TRACKING_URI=sqlite:///… or a path), else
/// mlflow.db, else mlruns (at the root, then in a few usual subfolders).
/// Empty when there is none; `why` says what was looked at.
std::filesystem::path locate_store(const std::filesystem::path& root, std::string& why);

/// Every store locate_store would consider that exists, in its order.
std::vector<std::filesystem::path> existing_stores(const std::filesystem::path& root);

/// An MLmodel file read: its flavors and the files it names that are missing.
struct MlModel {
  std::vector<std::string> flavors;
  std::vector<std::string> missing_files;
  std::string error;  ///< not YAML, or no flavors
};
MlModel read_mlmodel(const std::filesystem::path& directory);

}  // namespace labkit::mlflow
