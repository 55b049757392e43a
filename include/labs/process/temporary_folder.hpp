#pragma once
// A folder of labs' own under the system's temporary directory, for what a
// probe needs beside the learner's tree (a scratch copy, a throwaway
// database server): removed with all it holds when the owner goes, and also
// when labs is interrupted.

#include <labs/process/process.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace labkit {

class TemporaryFolder {
 public:
  /// A new empty folder named `prefix` and six random characters; null
  /// with `error` ("cannot make a folder for PURPOSE: …") when it cannot be made.
  static std::unique_ptr<TemporaryFolder> make(std::string_view prefix, std::string_view purpose, std::string& error);
  const std::filesystem::path& path() const { return m_path; }

 private:
  TemporaryFolder() = default;
  std::filesystem::path m_path;
  std::unique_ptr<ScopedCleanup> m_removal;
};

}  // namespace labkit
