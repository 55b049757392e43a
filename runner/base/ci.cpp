#include <labs/base/ci.hpp>

#include <cstdlib>

namespace labkit {

namespace {
bool set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value;
}
}  // namespace

CiKind detect_ci() {
  if (set("GITHUB_ACTIONS")) return CiKind::github;
  if (set("GITLAB_CI")) return CiKind::gitlab;
  if (set("CI")) return CiKind::other;
  return CiKind::none;
}

}  // namespace labkit
