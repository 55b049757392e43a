#include <labs/base/yaml_events.hpp>
#include <labs/base/yaml_util.hpp>

#include <sstream>

namespace labkit {

namespace {

// yaml-cpp 0.7 (Debian 12) LoadAll never returns, allocating all the while, on
// a stream where a token cannot start a node, such as a stray ',': each
// document it reads is an empty one that consumes nothing (jbeder/yaml-cpp
// #1040, fixed upstream by #1319). A dry run through the parser finds such a
// document: it starts where the one before it started.
class StalledDocumentFinder final : public DocumentStartHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (m_previous_start == mark.pos)
      throw YAML::ParserException(mark, "unexpected character: no YAML value can start here");
    m_previous_start = mark.pos;
  }

 private:
  int m_previous_start = -1;
};

}  // namespace

std::vector<YAML::Node> load_yaml_documents(const std::string& text) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  StalledDocumentFinder finder;
  while (parser.HandleNextDocument(finder)) {}
  return YAML::LoadAll(text);
}

}  // namespace labkit
