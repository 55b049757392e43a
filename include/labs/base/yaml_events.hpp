#pragma once
// A yaml-cpp event handler that only looks at where documents start: labs'
// dry runs over a file's events (a stalled parse, a second document).

#include <yaml-cpp/eventhandler.h>

#include <string>

namespace labkit {

class DocumentStartHandler : public YAML::EventHandler {
 public:
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace labkit
