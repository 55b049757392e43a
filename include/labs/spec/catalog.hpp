#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// The text of one lab file and the name it is reported under.
struct LabSource {
  std::string name;
  std::string_view text;
};

/// The catalog compiled into the binary (generated from labs/ at build time).
std::vector<LabSource> embedded_lab_sources();

/// Lab files read from an instructor's folder (every *.yaml / *.yml below it).
/// The texts live in `storage`, which must outlive the returned sources.
std::vector<LabSource> read_lab_folder(const std::filesystem::path& folder, std::vector<std::string>& storage);

}  // namespace labkit
