#pragma once

#include <labs/model/result.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace labkit {

/// What a learner showed for a manual item, as `labs tick` recorded it.
struct Evidence {
  std::string text;
  std::string ticked_at;  ///< UTC, ISO 8601
};

/// The file at the repository root that holds the ticks. It is meant to be
/// committed: whoever grades the repository reads the evidence in it.
inline constexpr const char* kEvidenceFile = "labs-evidence.yaml";

/// Ticks by "lab/item"; empty when there is no file. A file that cannot be
/// read (not YAML, a symlink out of the repository) sets `problem`.
std::map<std::string, Evidence> read_evidence(const std::filesystem::path& root, std::string& problem);

/// Writes the ticks (sorted, with a header saying what the file is);
/// "" or why it could not be written.
[[nodiscard]] std::string write_evidence(const std::filesystem::path& root,
                                         const std::map<std::string, Evidence>& ticks);

/// A manual item's result: passed once ticked, failed with how to tick it
/// until then; in CI skipped unless the lab lets a CI gate count it.
ItemResult judge_manual_item(const Lab& lab, const Item& item, const std::filesystem::path& root, bool in_ci);

}  // namespace labkit
