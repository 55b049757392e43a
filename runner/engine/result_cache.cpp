#include <labs/base/atomic_file.hpp>
#include <labs/engine/result_cache.hpp>
#include <labs/repo/git_ptr.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

// Bump when the entry format or the meaning of a key changes.
constexpr const char* kCacheFormat = "labs-result-cache-3";
// The secret of every cache under a cache root.
constexpr const char* kSecretName = "secret.key";
constexpr std::size_t kMacHexSize = 64;  // SHA-256
// Far above any entry labs writes (a probe's output is capped at 1 MiB per
// stream): a bigger file is not worth reading.
constexpr std::size_t kMaxEntryBytes = std::size_t{16} << 20U;

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

/// Ignored files a probe may read (a trained model, a data file) are inputs
/// too, known by size and modification time: hashing gigabytes of data on
/// every run would cost more than the probe. Installed packages (see
/// installed_packages) and caches that tools rewrite on every run are not.
constexpr std::size_t kMostIgnoredFiles = 200'000;

bool rewritten_every_run(const std::string& name) {
  return name == "__pycache__" || name == ".pytest_cache" || name == ".mypy_cache" || name == ".ruff_cache" ||
         name == ".labs" || name == ".git" || name.ends_with(".pyc");
}

std::string stat_signature(const fs::path& file) {
  struct stat info {};
  if (::lstat(file.c_str(), &info) != 0) return "unreadable";
  return fmt::format("ignored {} {}.{:09}", info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
}

/// Adds the git-ignored files of the work tree to `files`; false when there
/// are too many to fingerprint.
bool add_ignored_files(const Repo& repo, std::map<std::string, std::string>& files) {
  git_status_options options;
  git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
  options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
  options.flags = GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw = nullptr;
  if (git_status_list_new(&raw, repo.handle(), &options) != 0) return false;
  GitStatusListPtr list(raw);
  std::size_t count = 0;
  for (std::size_t i = 0; i < git_status_list_entrycount(raw); ++i) {
    const git_status_entry* entry = git_status_byindex(raw, i);
    if (!(entry->status & GIT_STATUS_IGNORED) || !entry->index_to_workdir) continue;
    const std::string path = entry->index_to_workdir->new_file.path;
    const bool is_folder = path.ends_with('/');
    const fs::path where = (repo.root() / path).lexically_normal();
    const fs::path named = is_folder ? where.parent_path() : where;  // "data/" names the folder data
    if (rewritten_every_run(named.filename().string())) continue;
    if (!is_folder) {
      files[path] = stat_signature(where);
      ++count;
      continue;
    }
    if (is_package_tree(named)) continue;
    std::error_code error;
    fs::recursive_directory_iterator walk(named, fs::directory_options::none, error);
    for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
      const std::string name = walk->path().filename().string();
      if (walk->is_directory(error) && !walk->is_symlink(error)) {
        if (rewritten_every_run(name) || is_package_tree(walk->path())) walk.disable_recursion_pending();
        continue;
      }
      if (rewritten_every_run(name)) continue;
      if (++count > kMostIgnoredFiles) return false;
      files[walk->path().lexically_relative(repo.root()).generic_string()] = stat_signature(walk->path());
    }
  }
  return count <= kMostIgnoredFiles;
}

/// The Python the probes get when no virtualenv is used: python3 on labs'
/// PATH, by its real file and modification time (an upgrade changes both).
std::string system_python() {
  const char* path = std::getenv("PATH");
  std::string folders = path ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= folders.size();) {
    const std::size_t colon = std::min(folders.find(':', start), folders.size());
    const fs::path candidate = fs::path(folders.substr(start, colon - start)) / "python3";
    start = colon + 1;
    std::error_code error;
    const fs::path real = fs::canonical(candidate, error);
    struct stat info {};
    if (error || ::stat(real.c_str(), &info) != 0) continue;
    return fmt::format("python3 {} {}", real.string(), info.st_mtim.tv_sec);
  }
  return "python3 none";
}

/// Adds a virtualenv's interpreter (pyvenv.cfg) and installed distributions.
void add_virtualenv(const fs::path& root, const std::string& name, std::vector<std::string>& packages) {
  if (const auto config = read_repo_text(root, name + "/pyvenv.cfg", 1 << 16))
    packages.push_back(fmt::format("{} interpreter {}", name, *config));
  const ResolvedPath lib = resolve_inside(root, name + "/lib");
  std::error_code error;
  if (!lib.ok() || !fs::is_directory(lib.path, error)) return;
  for (const auto& python : fs::directory_iterator(lib.path, error)) {
    for (const auto& entry : fs::directory_iterator(python.path() / "site-packages", error)) {
      const std::string package = entry.path().filename().string();
      if (package.ends_with(".dist-info")) packages.push_back(fmt::format("{} {}", name, package));
    }
  }
}

/// What the probes' Python is made of: every virtualenv or conda environment
/// at the top of the tree (its interpreter and installed distributions) and
/// the system's python3. Installing a package or upgrading Python changes
/// the key, so a failure for a missing module is not served after the fix.
std::vector<std::string> installed_packages(const fs::path& root) {
  std::vector<std::string> packages{system_python()};
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root, error)) {
    const std::string name = entry.path().filename().string();
    if (name == ".git" || entry.is_symlink(error) || !entry.is_directory(error) || !is_package_tree(entry.path()))
      continue;
    add_virtualenv(root, name, packages);
    for (const auto& meta : fs::directory_iterator(entry.path() / "conda-meta", error)) {
      if (meta.path().extension() == ".json")
        packages.push_back(fmt::format("{} {}", name, meta.path().filename().string()));
    }
  }
  std::sort(packages.begin(), packages.end());
  return packages;
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string text;
  text.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) {
    text += kDigits[bytes[i] >> 4U];
    text += kDigits[bytes[i] & 15U];
  }
  return text;
}

std::string sha256_hex(const std::string& text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned size = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return to_hex(digest.data(), size);
}

/// `path` absolute, with symlinks resolved as far as it exists.
fs::path resolved(const fs::path& path) {
  std::error_code error;
  fs::path result = fs::weakly_canonical(path, error);
  return error ? fs::absolute(path).lexically_normal() : result;
}

bool lies_within(const fs::path& path, const fs::path& folder) {
  return std::mismatch(folder.begin(), folder.end(), path.begin(), path.end()).first == folder.end();
}

std::string system_reason(int code) { return std::strerror(code); }

/// A cache entry's bytes: a regular file, not a symlink, within the size cap.
std::optional<std::string> read_entry(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string data;
  std::array<char, 16384> buffer{};
  bool ok = true;
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0 || data.size() + static_cast<std::size_t>(got) > kMaxEntryBytes) {
      ok = got == 0;
      break;
    }
    data.append(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  if (!ok) return std::nullopt;
  return data;
}

/// Makes `folder`, and any missing folder above it, 0700.
bool make_private_folder(const fs::path& folder, std::string& problem) {
  if (::mkdir(folder.c_str(), 0700) == 0) return true;
  int code = errno;
  if (code == ENOENT && folder.has_relative_path() && folder.parent_path() != folder) {
    if (!make_private_folder(folder.parent_path(), problem)) return false;
    if (::mkdir(folder.c_str(), 0700) == 0) return true;
    code = errno;
  }
  std::error_code error;
  if (code == EEXIST && fs::is_directory(folder, error)) return true;
  problem = fmt::format("cannot make {}: {}", folder.string(), code == EEXIST ? "not a folder" : system_reason(code));
  return false;
}

/// Puts a new random secret at `file`. link() does not replace a file, so of
/// two first runs one wins and both read its secret. "" or the problem.
std::string create_secret(const fs::path& file) {
  CacheSecret secret{};
  for (std::size_t filled = 0; filled < secret.size();) {
    const ssize_t got = ::getrandom(secret.data() + filled, secret.size() - filled, 0);
    if (got < 0 && errno != EINTR)
      return fmt::format("no random bytes for {}: {}", file.string(), system_reason(errno));
    if (got > 0) filled += static_cast<std::size_t>(got);
  }
  // Only this process uses its pid's name: a leftover of a killed run is stale.
  const std::string temporary = file.string() + "." + std::to_string(::getpid()) + ".tmp";
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return fmt::format("cannot write {}: {}", temporary, system_reason(errno));
  bool done =
      write_all(fd, std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size())) && ::fsync(fd) == 0;
  int code = errno;
  done = ::close(fd) == 0 && done;
  if (done && ::link(temporary.c_str(), file.c_str()) != 0 && errno != EEXIST) {
    code = errno;
    done = false;
  }
  ::unlink(temporary.c_str());
  return done ? "" : fmt::format("cannot write {}: {}", file.string(), system_reason(code));
}

/// The secret in `file`, if it is one: 32 bytes in a regular file of this
/// user's that nobody else can read.
std::optional<CacheSecret> read_secret(const fs::path& file, std::string& problem) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    problem = fmt::format("cannot read {}: {}", file.string(), system_reason(errno));
    return std::nullopt;
  }
  CacheSecret secret{};
  struct stat info {};
  const bool fits = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_uid == ::geteuid() &&
                    (info.st_mode & 077U) == 0 && static_cast<std::size_t>(info.st_size) == secret.size() &&
                    ::read(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size());
  ::close(fd);
  if (!fits) {
    problem =
        fmt::format("{} is not a 32-byte file only you can read (remove it and labs makes a new one)", file.string());
    return std::nullopt;
  }
  return secret;
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
  if (!add_ignored_files(repo, files)) {
    fingerprint.error = fmt::format("more than {} git-ignored files to fingerprint", kMostIgnoredFiles);
    return fingerprint;
  }
  fingerprint.files.assign(files.begin(), files.end());
  fingerprint.packages = installed_packages(repo.root());
  return fingerprint;
}

ResultCache::ResultCache(fs::path folder, const CacheSecret& secret, const WorkTreeFingerprint& tree)
    : m_folder(std::move(folder)), m_secret(secret), m_tree(&tree) {}

std::string ResultCache::key(const Item& item, const Step& step) const {
  // Every field is tagged and terminated, so no two inputs run together.
  std::string definition;
  append_canonical(*step.definition, definition);
  std::ostringstream text;
  // (A "tag\0" literal would stream only up to its NUL: each tag's NUL is a char of its own.)
  text << kCacheFormat << '\0' << "labs" << '\0' << LABS_VERSION << '\0' << "step" << '\0' << definition << '\0';
  for (const auto& [file, blob] : m_tree->files) {
    const std::string& path = file;  // a plain reference: lambdas cannot capture bindings before clang 16
    const bool wanted = item.inputs.empty() || std::any_of(item.inputs.begin(), item.inputs.end(),
                                                           [&](const std::string& g) { return glob_match(g, path); });
    if (wanted) text << "file" << '\0' << path << '\0' << blob << '\0';
  }
  for (const auto& package : m_tree->packages) text << "package" << '\0' << package << '\0';
  const std::string data = text.str();
  git_oid id;
  git_odb_hash(&id, data.data(), data.size(), GIT_OBJECT_BLOB);
  return hex_id(id);
}

std::string ResultCache::mac(const std::string& key, std::string_view body) const {
  // The folder (which repository) and the key (which step on which inputs)
  // are bound with the content: an entry copied to another key or
  // repository fails like an altered one. Both are fixed-length hex, so the
  // fields cannot run together.
  std::string message = fmt::format("{}\n{}\n{}\n", kCacheFormat, m_folder.filename().string(), key);
  message += body;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned size = 0;
  if (!HMAC(EVP_sha256(), m_secret.data(), static_cast<int>(m_secret.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), &size)) {
    return "";
  }
  return to_hex(digest.data(), size);
}

fs::path ResultCache::entry_path(const std::string& key) const { return m_folder / (key + ".entry"); }

std::optional<StepOutcome> ResultCache::load(const std::string& key) const {
  if (m_write_only) return std::nullopt;
  // An entry is its MAC in hex, a newline, and the JSON it authenticates.
  // Anything else (missing, truncated, garbled, forged) is a miss: the probe
  // runs again and its result replaces the entry.
  const std::optional<std::string> data = read_entry(entry_path(key));
  if (!data || data->size() <= kMacHexSize || (*data)[kMacHexSize] != '\n') return std::nullopt;
  const std::string_view body = std::string_view(*data).substr(kMacHexSize + 1);
  const std::string expected = mac(key, body);
  if (expected.size() != kMacHexSize || CRYPTO_memcmp(expected.data(), data->data(), kMacHexSize) != 0) {
    return std::nullopt;
  }
  const nlohmann::json entry = nlohmann::json::parse(body, nullptr, false);
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
  const std::string body = nlohmann::json{
      {"format", kCacheFormat},
      {"status", std::string(to_string(outcome.status))},
      {"evidence", outcome.evidence},
      {"path", outcome.path},
      {"line", outcome.line}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string tag = mac(key, body);
  if (tag.size() != kMacHexSize) return;  // a cache that cannot be written only costs time
  static std::atomic<unsigned> counter{0};
  const fs::path temporary =
      m_folder / (key + "." + std::to_string(::getpid()) + "." + std::to_string(++counter) + ".tmp");
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  bool written = write_all(fd, tag + '\n' + body);
  written = ::close(fd) == 0 && written;
  std::error_code error;
  if (written) fs::rename(temporary, entry_path(key), error);
  if (!written || error) fs::remove(temporary, error);
}

fs::path cache_root() {
  // Relative values are to be ignored (XDG Base Directory specification).
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache == '/') return fs::path(cache) / "labs";
  if (const char* home = std::getenv("HOME"); home && *home == '/') return fs::path(home) / ".cache" / "labs";
  return {};
}

std::optional<CacheSecret> load_cache_secret(const fs::path& root, std::string& problem) {
  if (!make_private_folder(root, problem)) return std::nullopt;
  const fs::path file = root / kSecretName;
  struct stat info {};
  if (::lstat(file.c_str(), &info) != 0 && errno == ENOENT) {
    problem = create_secret(file);
    if (!problem.empty()) return std::nullopt;
  }
  return read_secret(file, problem);
}

std::optional<ResultCache> open_result_cache(const fs::path& root, const fs::path& repo_root,
                                             const WorkTreeFingerprint& tree, std::string& problem) {
  if (root.empty()) {
    problem = "no folder to keep it in (neither XDG_CACHE_HOME nor HOME names one)";
    return std::nullopt;
  }
  const fs::path repo = resolved(repo_root);
  if (lies_within(resolved(root), repo)) {
    // Probes write there, and would read the secret too.
    problem = fmt::format("{} is inside the repository (set XDG_CACHE_HOME to a folder outside it)", root.string());
    return std::nullopt;
  }
  const std::optional<CacheSecret> secret = load_cache_secret(root, problem);
  if (!secret) return std::nullopt;
  const fs::path folder = root / sha256_hex(repo.string());
  if (!make_private_folder(folder, problem)) return std::nullopt;
  return ResultCache(folder, *secret, tree);
}

}  // namespace labkit
