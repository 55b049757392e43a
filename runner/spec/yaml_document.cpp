#include <labs/base/yaml_events.hpp>
#include <labs/spec/yaml_document.hpp>

#include <fmt/format.h>

#include <sstream>

namespace labkit {

namespace {

/// Stops a dry run of the parser where a second document starts: the
/// document itself is never read (yaml-cpp 0.7 may loop on it for ever, see
/// base/yaml_util.cpp).
class SecondDocumentFinder final : public DocumentStartHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (m_started) {
      throw YAML::ParserException(mark,
                                  "a second YAML document starts here, and labs reads one per file: "
                                  "join the two, or move this one to a file of its own");
    }
    m_started = true;
  }

 private:
  bool m_started = false;
};

/// The dry run costs nearly what the parse does, so it is skipped where no
/// second document can be: yaml-cpp ends a block mapping whose keys start in
/// column 0 only at a line starting with `---`, `...` or `%`. Any other root
/// (a flow mapping, an indented one, a list) may be followed by another
/// document without such a line, e.g. `{a: 1}` then `b: 2`.
bool may_hold_another_document(const YAML::Node& root, std::string_view text) {
  const bool column_0_block_map = root.IsMap() && root.Style() == YAML::EmitterStyle::Block && root.size() > 0 &&
                                  root.Mark().column == 0 && root.begin()->first.IsScalar() &&
                                  root.begin()->first.Mark().column == 0;
  if (!column_0_block_map) return true;
  for (std::size_t start = 0; start < text.size();) {
    const std::string_view line = text.substr(start);
    if (line.starts_with("---") || line.starts_with("...") || line.starts_with('%')) return true;
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

SourceLocation location_of_mark(const std::string& file, const YAML::Mark& mark) {
  return mark.is_null() ? SourceLocation{file, 0, 0} : SourceLocation{file, mark.line + 1, mark.column + 1};
}

}  // namespace

std::optional<YAML::Node> parse_yaml_document(const std::string& file, std::string_view text,
                                              Diagnostics& diagnostics) {
  if (text.size() > kMaxYamlFileBytes) {
    diagnostics.error({file, 0, 0}, fmt::format("the file is {} bytes, over the limit of {} bytes (1 MiB): lab files "
                                                "are a few KB, so it was not parsed",
                                                text.size(), kMaxYamlFileBytes));
    return std::nullopt;
  }
  const std::string copy(text);
  YAML::Node root;
  try {
    root = YAML::Load(copy);
  } catch (const YAML::Exception& e) {
    diagnostics.error(location_of_mark(file, e.mark), fmt::format("YAML syntax error: {}", e.msg));
    return std::nullopt;
  }
  if (!may_hold_another_document(root, text)) return root;
  try {
    std::istringstream stream(copy);
    YAML::Parser parser(stream);
    SecondDocumentFinder finder;
    while (parser.HandleNextDocument(finder)) {}
  } catch (const YAML::Exception& e) {
    diagnostics.error(location_of_mark(file, e.mark), e.msg);
    return std::nullopt;
  }
  return root;
}

}  // namespace labkit
