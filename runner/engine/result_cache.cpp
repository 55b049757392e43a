#include <labs/engine/result_cache.hpp>
#include <labs/repo/repo.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <sstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

// Bump when the entry format or the meaning of a key changes.
constexpr const char* kCacheFormat = "labs-result-cache-2";

/// A step's definition as text for its key: every tag and scalar prefixed
/// with its length, every collection bracketed, so two different steps never
/// give the same text. Far cheaper than YAML::Dump, whose quoting regexes run
/// over every scalar.
void append_canonical(const YAML::Node& node, std::string& out) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out += '{';
      for (const auto& entry : node) {
        append_canonical(entry.first, out);
        append_canonical(entry.second, out);
      }
      out += '}';
      break;
    case YAML::NodeType::Sequence:
      out += '[';
      for (const auto& element : node) append_canonical(element, out);
      out += ']';
      break;
    case YAML::NodeType::Scalar:
      out += fmt::format("{}:{}{}:{}", node.Tag().size(), node.Tag(), node.Scalar().size(), node.Scalar());
      break;
    default:
      out += '~';
  }
}

std::vector<std::string> installed_packages(const fs::path& root) {
  std::vector<std::string> packages;
  for (const char* venv : {".venv", "venv"}) {
    const ResolvedPath lib = resolve_inside(root, std::string(venv) + "/lib");
    std::error_code error;
    if (!lib.ok() || !fs::is_directory(lib.path, error)) continue;
    for (const auto& python : fs::directory_iterator(lib.path, error)) {
      const fs::path site = python.path() / "site-packages";
      for (const auto& entry : fs::directory_iterator(site, error)) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with(".dist-info")) packages.push_back(name);
      }
    }
  }
  std::sort(packages.begin(), packages.end());
  return packages;
}

}  // namespace

WorkTreeFingerprint fingerprint_work_tree(const Repo& repo) {
  WorkTreeFingerprint fingerprint;
  std::map<std::string, std::string> files;
  git_index* index = nullptr;
  if (git_repository_index(&index, repo.handle()) != 0) {
    fingerprint.error = git_error_text();
    return fingerprint;
  }
  for (std::size_t i = 0; i < git_index_entrycount(index); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index, i);
    files[entry->path] = hex_id(entry->id);
  }
  git_index_free(index);
  // What the work tree changed against the index: modified, deleted, untracked.
  git_status_options options;
  git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
  options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
  options.flags =
      GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw = nullptr;
  if (git_status_list_new(&raw, repo.handle(), &options) != 0) {
    fingerprint.error = git_error_text();
    return fingerprint;
  }
  GitStatusListPtr list(raw);
  for (std::size_t i = 0; i < git_status_list_entrycount(raw); ++i) {
    const git_status_entry* entry = git_status_byindex(raw, i);
    const git_diff_delta* delta = entry->index_to_workdir;
    if (!delta) continue;
    const std::string path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
    if (entry->status & GIT_STATUS_WT_DELETED) {
      files.erase(path);
      continue;
    }
    git_oid id;
    const ResolvedPath resolved = resolve_inside(repo.root(), path);
    if (resolved.ok() && git_odb_hashfile(&id, resolved.path.c_str(), GIT_OBJECT_BLOB) == 0) {
      files[path] = hex_id(id);
    } else {
      files[path] = "unreadable";
    }
  }
  fingerprint.files.assign(files.begin(), files.end());
  fingerprint.packages = installed_packages(repo.root());
  return fingerprint;
}

fs::path cache_folder(const Repo& repo) { return fs::path(git_repository_path(repo.handle())) / "labs" / "cache"; }

ResultCache::ResultCache(fs::path folder, const WorkTreeFingerprint& tree)
    : m_folder(std::move(folder)), m_tree(tree) {}

std::string ResultCache::key(const Item& item, const Step& step) const {
  // Every field is tagged and terminated, so no two inputs run together.
  std::string definition;
  append_canonical(*step.definition, definition);
  std::ostringstream text;
  // (A "tag\0" literal would stream only up to its NUL: each tag's NUL is a char of its own.)
  text << kCacheFormat << '\0' << "labs" << '\0' << LABS_VERSION << '\0' << "step" << '\0' << definition << '\0';
  for (const auto& [file, blob] : m_tree.files) {
    const std::string& path = file;  // a plain reference: lambdas cannot capture bindings before clang 16
    const bool wanted = item.inputs.empty() || std::any_of(item.inputs.begin(), item.inputs.end(),
                                                           [&](const std::string& g) { return glob_match(g, path); });
    if (wanted) text << "file" << '\0' << path << '\0' << blob << '\0';
  }
  for (const auto& package : m_tree.packages) text << "package" << '\0' << package << '\0';
  const std::string data = text.str();
  git_oid id;
  git_odb_hash(&id, data.data(), data.size(), GIT_OBJECT_BLOB);
  return hex_id(id);
}

std::optional<StepOutcome> ResultCache::load(const std::string& key) const {
  std::ifstream in(m_folder / (key + ".json"));
  if (!in) return std::nullopt;
  const nlohmann::json entry = nlohmann::json::parse(in, nullptr, false);
  if (entry.is_discarded() || !entry.is_object() || entry.value("format", "") != kCacheFormat) return std::nullopt;
  const std::string status = entry.value("status", "");
  StepOutcome outcome;
  if (status == "pass")
    outcome.status = Status::pass;
  else if (status == "fail")
    outcome.status = Status::fail;
  else
    return std::nullopt;  // errors and skips are not worth remembering
  outcome.evidence = entry.value("evidence", "");
  outcome.path = entry.value("path", "");
  outcome.line = entry.value("line", 0);
  return outcome;
}

void ResultCache::store(const std::string& key, const StepOutcome& outcome) const {
  if (outcome.status != Status::pass && outcome.status != Status::fail) return;
  std::error_code error;
  fs::create_directories(m_folder, error);
  if (error) return;  // a cache that cannot be written only costs time
  const nlohmann::json entry{{"format", kCacheFormat},
                             {"status", std::string(to_string(outcome.status))},
                             {"evidence", outcome.evidence},
                             {"path", outcome.path},
                             {"line", outcome.line}};
  const fs::path final_path = m_folder / (key + ".json");
  static std::atomic<unsigned> counter{0};
  const fs::path temporary =
      m_folder / (key + "." + std::to_string(::getpid()) + "." + std::to_string(++counter) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (!out) return;
  }
  fs::rename(temporary, final_path, error);
  if (error) fs::remove(temporary, error);
}

}  // namespace labkit
