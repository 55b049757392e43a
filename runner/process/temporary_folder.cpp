#include <labs/process/temporary_folder.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace labkit {

namespace fs = std::filesystem;

std::unique_ptr<TemporaryFolder> TemporaryFolder::make(std::string_view prefix, std::string_view purpose,
                                                       std::string& error) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) {
    error = fmt::format("cannot make a folder for {}: {}", purpose, std::strerror(errno));
    return nullptr;
  }
  std::unique_ptr<TemporaryFolder> folder(new TemporaryFolder);
  folder->m_path = pattern;
  folder->m_removal = std::make_unique<ScopedCleanup>([path = folder->m_path] {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  });
  return folder;
}

}  // namespace labkit
