// The SQLite backend (`mlflow.db`), opened read-only and immutable so a
// learner's database is never locked, journaled or changed.
#include <labs/formats/mlflow_store.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>
#include <functional>
#include <limits>
#include <memory>

namespace labkit::mlflow {

namespace fs = std::filesystem;

namespace {

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

std::string column_text(sqlite3_stmt* row, int column) {
  const unsigned char* text = sqlite3_column_text(row, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

std::optional<std::int64_t> column_number(sqlite3_stmt* row, int column) {
  if (sqlite3_column_type(row, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(row, column);
}

/// Runs a query and calls `each` per row; "" or why it failed.
std::string query(sqlite3* db, const char* sql, const std::function<void(sqlite3_stmt*)>& each) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(statement)) == SQLITE_ROW) each(statement);
  std::string error = step == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(statement);
  return error;
}

bool has_table(sqlite3* db, const char* table) {
  bool found = false;
  query(db, fmt::format("SELECT 1 FROM sqlite_master WHERE type='table' AND name='{}'", table).c_str(),
        [&](sqlite3_stmt*) { found = true; });
  return found;
}

/// Where a run's or model's artifacts are on this machine: the recorded
/// location's tail from the experiment id on, under mlruns/ or mlartifacts/
/// next to the database (recorded paths belong to the learner's machine).
fs::path local_artifacts(const fs::path& folder, const std::string& recorded, const std::string& experiment_id) {
  const std::string marker = "/" + experiment_id + "/";
  const auto at = recorded.find(marker);
  if (at == std::string::npos) return {};
  const std::string tail = recorded.substr(at + 1);
  for (const char* base : {"mlruns", "mlartifacts"}) {
    std::error_code error;
    if (fs::symlink_status(folder / base / tail, error).type() == fs::file_type::directory) return folder / base / tail;
  }
  return folder / "mlruns" / tail;
}

/// Fills a Store from an open MLflow database. A table that cannot be read
/// is noted in Store::problems and the rest is still read.
class StoreReader {
 public:
  StoreReader(sqlite3* db, const fs::path& database)
      : m_db(db),
        m_name(database.filename().string()),
        m_folder(database.parent_path()),
        m_store{.kind = "SQLite", .path = database} {}

  Store read() && {
    read_experiments();
    read_runs();
    read_run_values();
    find_run_models();
    if (has_table(m_db, "logged_models")) read_logged_models();
    if (has_table(m_db, "registered_models")) read_registry();
    return std::move(m_store);
  }

 private:
  /// Calls `each` per row of `sql`'s result; a failure is noted as one of
  /// `what`, keeping the rows read before it.
  void for_each_row(const char* what, const char* sql, const std::function<void(sqlite3_stmt*)>& each) {
    const std::string error = query(m_db, sql, each);
    if (!error.empty()) m_store.problems.push_back(fmt::format("{}: {}: {}", m_name, what, error));
  }

  Run* run_of(sqlite3_stmt* row, int column) {
    const auto found = m_run_at.find(column_text(row, column));
    if (found == m_run_at.end()) return nullptr;
    return &m_store.experiments[found->second.first].runs[found->second.second];
  }

  void read_experiments() {
    const char* sql = "SELECT experiment_id, name, lifecycle_stage FROM experiments ORDER BY experiment_id";
    for_each_row("experiments", sql, [&](sqlite3_stmt* row) {
      m_experiment_at[column_text(row, 0)] = m_store.experiments.size();
      m_store.experiments.push_back({column_text(row, 0), column_text(row, 1), column_text(row, 2) == "deleted", {}});
    });
  }

  void read_runs() {
    const char* sql =
        "SELECT run_uuid, name, experiment_id, status, lifecycle_stage, start_time, end_time, artifact_uri "
        "FROM runs ORDER BY start_time";
    for_each_row("runs", sql, [&](sqlite3_stmt* row) {
      const auto experiment = m_experiment_at.find(column_text(row, 2));
      if (experiment == m_experiment_at.end()) return;
      Run run;
      run.id = column_text(row, 0);
      run.name = column_text(row, 1);
      run.experiment_id = column_text(row, 2);
      run.status = parse_run_status(column_text(row, 3));
      run.deleted = column_text(row, 4) == "deleted";
      run.start_time = column_number(row, 5);
      run.end_time = column_number(row, 6);
      run.artifact_dir = local_artifacts(m_folder, column_text(row, 7), run.experiment_id);
      auto& runs = m_store.experiments[experiment->second].runs;
      m_run_at[run.id] = {experiment->second, runs.size()};
      runs.push_back(std::move(run));
    });
  }

  void read_run_values() {
    for_each_row("params", "SELECT run_uuid, key, value FROM params", [&](sqlite3_stmt* row) {
      if (Run* run = run_of(row, 0)) run->params[column_text(row, 1)] = column_text(row, 2);
    });
    for_each_row("tags", "SELECT run_uuid, key, value FROM tags", [&](sqlite3_stmt* row) {
      if (Run* run = run_of(row, 0)) run->tags[column_text(row, 1)] = column_text(row, 2);
    });
    const char* metrics_sql = "SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics ORDER BY rowid";
    for_each_row("metrics", metrics_sql, [&](sqlite3_stmt* row) {
      Run* run = run_of(row, 0);
      if (!run) return;
      // NaN is stored as 0 with is_nan = 1.
      const double value =
          sqlite3_column_int(row, 5) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(row, 2);
      run->metrics[column_text(row, 1)].add({sqlite3_column_int64(row, 3), value, sqlite3_column_int64(row, 4)});
    });
  }

  void find_run_models() {
    for (const auto& experiment : m_store.experiments) {
      for (const auto& run : experiment.runs) find_models_in_artifacts(run);
    }
  }

  // MLflow 2 logs models as run artifacts: each folder with an MLmodel.
  void find_models_in_artifacts(const Run& run) {
    std::error_code error;
    for (fs::recursive_directory_iterator it(run.artifact_dir, error), end; !error && it != end; it.increment(error)) {
      if (it.depth() > 5) it.disable_recursion_pending();
      if (it->path().filename() == "MLmodel" && it->is_regular_file()) {
        const fs::path model = it->path().parent_path();
        m_store.models.push_back({run.id + "/" + model.lexically_relative(run.artifact_dir).generic_string(), run.id,
                                  run.experiment_id, model});
      }
    }
  }

  void read_logged_models() {
    const char* sql = "SELECT model_id, experiment_id, source_run_id, artifact_location FROM logged_models";
    for_each_row("logged_models", sql, [&](sqlite3_stmt* row) {
      const std::string experiment = column_text(row, 1);
      m_store.models.push_back({column_text(row, 0), column_text(row, 2), experiment,
                                local_artifacts(m_folder, column_text(row, 3), experiment)});
    });
  }

  void read_registry() {
    std::map<std::string, std::size_t> model_at;
    for_each_row("registered_models", "SELECT name FROM registered_models ORDER BY name", [&](sqlite3_stmt* row) {
      model_at[column_text(row, 0)] = m_store.registry.size();
      m_store.registry.push_back({column_text(row, 0), {}, {}});
    });
    const char* versions_sql =
        "SELECT name, version, current_stage, status, run_id, source FROM model_versions "
        "WHERE current_stage IS NOT 'Deleted_Internal' ORDER BY name, version";
    for_each_row("model_versions", versions_sql, [&](sqlite3_stmt* row) {
      const auto model = model_at.find(column_text(row, 0));
      if (model == model_at.end()) return;
      m_store.registry[model->second].versions.push_back({sqlite3_column_int(row, 1), column_text(row, 2),
                                                          column_text(row, 3), column_text(row, 4),
                                                          column_text(row, 5)});
    });
    if (!has_table(m_db, "registered_model_aliases")) return;
    const char* aliases_sql = "SELECT name, alias, version FROM registered_model_aliases";
    for_each_row("registered_model_aliases", aliases_sql, [&](sqlite3_stmt* row) {
      const auto model = model_at.find(column_text(row, 0));
      if (model != model_at.end()) {
        m_store.registry[model->second].aliases[column_text(row, 1)] = sqlite3_column_int(row, 2);
      }
    });
  }

  sqlite3* m_db;
  std::string m_name;
  fs::path m_folder;
  Store m_store;
  std::map<std::string, std::size_t> m_experiment_at;
  std::map<std::string, std::pair<std::size_t, std::size_t>> m_run_at;  ///< run id → experiment, index in its runs
};

}  // namespace

ReadResult read_sqlite_store(const fs::path& database) {
  const std::string name = database.filename().string();
  sqlite3* raw = nullptr;
  const std::string uri = "file:" + database.string() + "?immutable=1";
  const int opened = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  Database db(raw, &sqlite3_close);
  if (opened != SQLITE_OK) return {std::nullopt, fmt::format("{} cannot be opened: {}", name, sqlite3_errstr(opened))};
  if (query(db.get(), "SELECT count(*) FROM sqlite_master", [](sqlite3_stmt*) {}) != "") {
    return {std::nullopt, fmt::format("{} is not an SQLite database", name)};
  }
  if (!has_table(db.get(), "experiments") || !has_table(db.get(), "runs")) {
    return {std::nullopt,
            fmt::format("{} is an SQLite database but not MLflow's (no experiments and runs tables)", name)};
  }
  return {StoreReader(db.get(), database).read(), ""};
}

}  // namespace labkit::mlflow
