#pragma once
// How `labs grade` and the child `labs verify` it starts for a learner talk:
// a work folder per learner, whose files both sides name only through this
// header, and, for a `verify --worker`, one answer line per folder.

#include <charconv>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace labkit::grade {

/// A learner's work folder: the scratch checkout, and what verify leaves.
struct WorkFolder {
  std::filesystem::path root;

  std::filesystem::path repo() const { return root / "repo"; }             ///< the scratch checkout
  std::filesystem::path report() const { return root / "report.json"; }    ///< the json report
  std::filesystem::path feedback() const { return root / "feedback.md"; }  ///< the markdown report, for the learner
  std::filesystem::path errors() const { return root / "errors.txt"; }     ///< verify's messages (stderr)
};

/// A worker reads one work folder per line and answers with verify's exit code.
inline std::string worker_answer(int exit_code) { return std::to_string(exit_code); }

inline std::optional<int> parse_worker_answer(std::string_view line) {
  int exit_code = -1;
  const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), exit_code);
  if (error != std::errc() || end != line.data() + line.size()) return std::nullopt;
  return exit_code;
}

}  // namespace labkit::grade
