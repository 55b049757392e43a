#include <labs/repo/repo_files.hpp>
#include <labs/repo/repo_yaml.hpp>

#include <fmt/format.h>

namespace labkit {

std::optional<YAML::Node> read_repo_yaml(const std::filesystem::path& root, const std::string& relative,
                                         std::string& problem) {
  const ResolvedPath resolved = resolve_inside(root, relative);
  std::string error;
  const auto text = resolved.ok() ? read_text_file(resolved, 4 << 20, error) : std::nullopt;
  if (!text) return std::nullopt;
  try {
    return YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    problem = fmt::format("{}:{}: not valid YAML: {}", relative, e.mark.line + 1, e.msg);
    return std::nullopt;
  }
}

}  // namespace labkit
