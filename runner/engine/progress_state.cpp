// .labs/progress.json: read, merged with a run and replaced atomically under
// a lock (flock on .labs/progress.lock; rename of a fsync'd temporary file).
#include <labs/engine/progress_state.hpp>

#include <labs/base/atomic_file.hpp>

#include <labs/repo/repo_files.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace labkit {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kSchema = 1;

/// Holds an exclusive flock for its lifetime (released also when labs is killed).
class FileLock {
 public:
  explicit FileLock(const fs::path& file) : m_fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    while (m_fd >= 0 && ::flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {}
  }
  ~FileLock() {
    if (m_fd >= 0) ::close(m_fd);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool held() const { return m_fd >= 0; }

 private:
  int m_fd;
};

json to_json(const ProgressState& state) {
  json items = json::object();
  for (const auto& [id, tick] : state.items)
    items[id] = {{"done", tick.done}, {"commit", tick.commit}, {"at", tick.at}};
  json history = json::array();
  for (const auto& change : state.history) {
    history.push_back({{"at", change.at}, {"item", change.item}, {"commit", change.commit}, {"done", change.done}});
  }
  return {{"schema", kSchema}, {"items", items}, {"history", history}};
}

ProgressState from_json(const json& document) {
  ProgressState state;
  if (document.value("schema", 0) != kSchema) throw std::runtime_error("not a labs progress file of schema 1");
  for (const auto& [id, tick] : document.at("items").items()) {
    state.items[id] = {tick.at("done").get<bool>(), tick.value("commit", ""), tick.value("at", "")};
  }
  for (const auto& change : document.at("history")) {
    state.history.push_back({change.value("at", ""), change.at("item").get<std::string>(), change.value("commit", ""),
                             change.at("done").get<bool>()});
  }
  return state;
}

}  // namespace

bool ProgressState::done(const std::string& lab, const std::string& item) const {
  const auto found = items.find(lab + "/" + item);
  return found != items.end() && found->second.done;
}

fs::path progress_file(const fs::path& repo_root) { return repo_root / ".labs" / "progress.json"; }

ProgressState read_progress(const fs::path& repo_root, std::string& problem) {
  const fs::path file = progress_file(repo_root);
  std::error_code missing;
  if (!fs::exists(file, missing)) return {};
  std::string error;
  const auto text = read_text_file(file, 64 << 20, error);
  if (!text) {
    problem = error;
    return {};
  }
  try {
    return from_json(json::parse(*text));
  } catch (const std::exception& e) {
    problem = fmt::format("{}: {} (it is started again)", file.string(), e.what());
    return {};
  }
}

std::string record_progress(const fs::path& repo_root, const RunResult& run) {
  const fs::path folder = repo_root / ".labs";
  std::error_code error;
  // A repository may hold .labs as a symlink to anywhere: never write through it.
  for (const fs::path& path : {folder, progress_file(repo_root), folder / ".gitignore", folder / "progress.lock"}) {
    if (fs::is_symlink(fs::symlink_status(path, error))) return fmt::format("{} is a symlink", path.string());
  }
  fs::create_directories(folder, error);
  if (error) return fmt::format("cannot create {}: {}", folder.string(), error.message());
  if (!fs::exists(folder / ".gitignore", error)) {
    if (std::string problem =
            replace_file_atomically(folder / ".gitignore", "# labs' own state: not part of your project\n*\n");
        !problem.empty()) {
      return fmt::format("cannot write {}: {}", (folder / ".gitignore").string(), problem);
    }
  }
  const FileLock lock(folder / "progress.lock");
  if (!lock.held()) return fmt::format("cannot lock {}: {}", (folder / "progress.lock").string(), std::strerror(errno));
  std::string ignored;
  ProgressState state = read_progress(repo_root, ignored);
  const std::string now = utc_timestamp();
  bool changed = false;
  for (const auto& lab : run.labs) {
    for (const auto& item : lab.items) {
      if (item.status != Status::pass && item.status != Status::fail) continue;
      const bool done = item.status == Status::pass;
      const std::string id = lab.lab->id + "/" + item.item->id;
      auto& tick = state.items[id];
      const bool flipped = tick.at.empty() || tick.done != done;
      if (flipped) state.history.push_back({now, id, run.repo.head_commit, done});
      if (flipped || tick.commit != run.repo.head_commit) {
        tick = {done, run.repo.head_commit, now};
        changed = true;
      }
    }
  }
  // A re-run that proves what the file already says (the usual case under
  // `labs watch` and with the result cache) leaves it alone: the fsync'd
  // rewrite cost more than the whole cached run.
  if (!changed) return "";
  if (state.history.size() > ProgressState::kHistoryKept) {
    state.history.erase(state.history.begin(), state.history.end() - ProgressState::kHistoryKept);
  }
  const std::string problem = replace_file_atomically(progress_file(repo_root), to_json(state).dump(1) + "\n");
  return problem.empty() ? "" : fmt::format("cannot write {}: {}", progress_file(repo_root).string(), problem);
}

}  // namespace labkit
