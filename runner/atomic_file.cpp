#include <labs/atomic_file.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace labkit {

namespace fs = std::filesystem;

std::string replace_file_atomically(const fs::path& file, const std::string& text) {
  static std::atomic<unsigned> serial{0};  // threads of one labs write beside each other too
  const fs::path temporary = file.string() + fmt::format(".{}-{}.tmp", ::getpid(), serial++);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno));
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t written = ::write(fd, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const std::string problem = fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno));
      ::close(fd);
      ::unlink(temporary.c_str());
      return problem;
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temporary.c_str(), file.c_str()) != 0) {
    const std::string problem = fmt::format("cannot write {}: {}", file.string(), std::strerror(errno));
    ::unlink(temporary.c_str());
    return problem;
  }
  if (const int folder = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); folder >= 0) {
    ::fsync(folder);
    ::close(folder);
  }
  return "";
}

}  // namespace labkit
