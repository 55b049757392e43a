#include <labs/base/atomic_file.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace labkit {

namespace fs = std::filesystem;

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

namespace {

std::string reason() { return std::strerror(errno); }

}  // namespace

std::string replace_file_atomically(const fs::path& file, const std::string& text) {
  // A device or a pipe (/dev/stdout, a FIFO) is written into: renaming over
  // it would put a plain file in its place (as root, even in /dev).
  std::error_code ignored;
  if (fs::exists(file, ignored) && !fs::is_regular_file(file, ignored)) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return reason();
    const bool written = write_all(fd, text);
    std::string problem = written ? "" : reason();
    ::close(fd);
    return problem;
  }
  static std::atomic<unsigned> serial{0};  // threads of one labs write beside each other too
  const fs::path temporary = file.string() + fmt::format(".{}-{}.tmp", ::getpid(), serial++);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return reason();
  const bool written = write_all(fd, text) && ::fsync(fd) == 0;
  const std::string problem = written ? "" : reason();
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), file.c_str()) != 0) {
    std::string why = written ? reason() : problem;
    ::unlink(temporary.c_str());
    return why;
  }
  if (const int folder =
          ::open(file.has_parent_path() ? file.parent_path().c_str() : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
  return "";
}

}  // namespace labkit
