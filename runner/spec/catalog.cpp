#include <labs/spec/catalog.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace labkit {

std::vector<LabSource> read_lab_folder(const std::filesystem::path& folder, std::vector<std::string>& storage) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  storage.clear();
  storage.reserve(files.size());
  std::vector<LabSource> sources;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    storage.push_back(text.str());
    sources.push_back({file.string(), storage.back()});
  }
  return sources;
}

}  // namespace labkit
