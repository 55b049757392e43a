#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <fnmatch.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace labkit {

namespace fs = std::filesystem;

namespace {

bool is_within(const fs::path& path, const fs::path& root) {
  const std::string& p = path.native();
  const std::string& r = root.native();
  return p == r || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 && (r.back() == '/' || p[r.size()] == '/'));
}

std::vector<std::string> split_segments(std::string_view text) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('/', start), text.size());
    if (end > start) segments.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

/// "{a,b}/x" → "a/x", "b/x"; alternatives may nest ("{x,y.{c,d}}").
std::vector<std::string> expand_braces(std::string_view pattern) {
  const std::size_t open = pattern.find('{');
  if (open == std::string_view::npos) return {std::string(pattern)};
  // The matching close brace, and the commas at the top level between them.
  std::vector<std::size_t> commas;
  std::size_t close = std::string_view::npos;
  for (std::size_t at = open + 1, depth = 1; at < pattern.size(); ++at) {
    if (pattern[at] == '{') ++depth;
    if (pattern[at] == ',' && depth == 1) commas.push_back(at);
    if (pattern[at] == '}' && --depth == 0) {
      close = at;
      break;
    }
  }
  if (close == std::string_view::npos) return {std::string(pattern)};
  std::vector<std::string> expanded;
  const auto tails = expand_braces(pattern.substr(close + 1));
  std::size_t start = open + 1;
  commas.push_back(close);
  for (std::size_t comma : commas) {
    const std::string head = std::string(pattern.substr(0, open)) + std::string(pattern.substr(start, comma - start));
    for (const auto& alternative : expand_braces(head)) {
      for (const auto& tail : tails) expanded.push_back(alternative + tail);
    }
    start = comma + 1;
  }
  return expanded;
}

bool match_segments(const std::vector<std::string>& pattern, std::size_t p, const std::vector<std::string>& path,
                    std::size_t s) {
  if (p == pattern.size()) return s == path.size();
  if (pattern[p] == "**") {
    for (std::size_t skip = s; skip <= path.size(); ++skip) {
      if (match_segments(pattern, p + 1, path, skip)) return true;
    }
    return false;
  }
  return s < path.size() && fnmatch(pattern[p].c_str(), path[s].c_str(), 0) == 0 &&
         match_segments(pattern, p + 1, path, s + 1);
}

}  // namespace

std::string path_shape_problem(std::string_view relative) {
  if (relative.empty()) return "an empty path";
  if (relative.front() == '/')
    return fmt::format("'{}' is absolute: paths are relative to the repository root", relative);
  const fs::path normal = fs::path(relative).lexically_normal();
  if (!normal.empty() && *normal.begin() == "..") return fmt::format("'{}' leads outside the repository", relative);
  return "";
}

ResolvedPath resolve_inside(const fs::path& root, std::string_view relative) {
  if (auto problem = path_shape_problem(relative); !problem.empty()) return {{}, problem};
  const fs::path normal = fs::path(relative).lexically_normal();
  std::error_code error;
  const fs::path real = fs::weakly_canonical(root / normal, error);
  if (error) return {{}, fmt::format("'{}' cannot be resolved: {}", relative, error.message())};
  if (!is_within(real, root)) {
    return {{}, fmt::format("'{}' is a symlink that leads outside the repository, so it is not read", relative)};
  }
  return {real, ""};
}

namespace {

// O_NONBLOCK keeps a FIFO planted in the repo from blocking the open.
constexpr int kReadFlags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;

int open_without_symlinks(const fs::path& path) {
  open_how how{};
  how.flags = kReadFlags;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how);
  if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
  return ::open(path.c_str(), kReadFlags);  // before Linux 5.6 the window between check and open stays
}

/// At most `cap` bytes of an open regular file; closes it.
std::optional<std::string> read_open_file(int fd, std::size_t cap, std::string& error) {
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    error = "not a regular file";
    return std::nullopt;
  }
  std::string text(std::min<std::size_t>(static_cast<std::size_t>(info.st_size), cap), '\0');
  std::size_t filled = 0;
  while (filled < text.size()) {
    const ssize_t got = ::read(fd, text.data() + filled, text.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    filled += static_cast<std::size_t>(got);
  }
  ::close(fd);
  text.resize(filled);
  return text;
}

}  // namespace

std::optional<std::string> read_text_file(const fs::path& path, std::size_t cap, std::string& error) {
  const int fd = ::open(path.c_str(), kReadFlags);
  if (fd < 0) {
    error = fmt::format("cannot open: {}", std::strerror(errno));
    return std::nullopt;
  }
  return read_open_file(fd, cap, error);
}

std::optional<std::string> read_text_file(const ResolvedPath& resolved, std::size_t cap, std::string& error) {
  if (!resolved.ok()) {
    error = resolved.error;
    return std::nullopt;
  }
  const int fd = open_without_symlinks(resolved.path);
  if (fd < 0) {
    error = errno == ELOOP ? "a folder on its path became a symlink while labs read it, so it is not read"
                           : fmt::format("cannot open: {}", std::strerror(errno));
    return std::nullopt;
  }
  return read_open_file(fd, cap, error);
}

bool is_glob(std::string_view pattern) { return pattern.find_first_of("*?[]{}") != std::string_view::npos; }

bool glob_match(std::string_view pattern, std::string_view path) {
  const auto path_segments = split_segments(path);
  for (const auto& alternative : expand_braces(pattern)) {
    if (match_segments(split_segments(alternative), 0, path_segments, 0)) return true;
  }
  return false;
}

std::vector<std::string> glob_files(const fs::path& root, std::string_view pattern, const PathFilter& skip) {
  std::vector<std::string> found;
  const std::string root_prefix = root.native().ends_with('/') ? root.native() : root.native() + "/";
  for (const auto& alternative : expand_braces(pattern)) {
    const auto segments = split_segments(alternative);
    // Walk only below the literal prefix, and no deeper than the pattern reaches.
    std::string prefix;
    std::size_t literal = 0;
    while (literal + 1 < segments.size() && !is_glob(segments[literal])) prefix += segments[literal++] + "/";
    const bool unbounded = std::find(segments.begin(), segments.end(), "**") != segments.end();
    const int max_depth = static_cast<int>(segments.size() - literal) - 1;
    const ResolvedPath start = resolve_inside(root, prefix.empty() ? "." : prefix);
    std::error_code error;
    if (!start.ok() || !fs::is_directory(start.path, error)) continue;
    fs::recursive_directory_iterator it(start.path, fs::directory_options::skip_permission_denied, error), end;
    for (; !error && it != end; it.increment(error)) {
      const auto name = it->path().filename();
      if (name == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      if (!unbounded && it.depth() >= max_depth) it.disable_recursion_pending();
      std::error_code type_error;
      // The walk starts under the root, so the relative path is a suffix
      // (path arithmetic per entry costs more than the walk itself).
      const std::string& native = it->path().native();
      const std::string relative = native.size() > root_prefix.size() && native.starts_with(root_prefix)
                                       ? native.substr(root_prefix.size())
                                       : it->path().lexically_relative(root).generic_string();
      if (it->is_directory(type_error)) {
        if (skip && skip(relative + "/")) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(type_error) || !match_segments(segments, 0, split_segments(relative), 0)) continue;
      if (!skip || !skip(relative)) found.push_back(relative);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::optional<std::string> read_repo_text(const std::filesystem::path& root, std::string_view relative,
                                          std::size_t cap) {
  std::string error;
  return read_text_file(resolve_inside(root, relative), cap, error);
}

}  // namespace labkit
