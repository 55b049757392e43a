#include <labs/base/ci.hpp>

#include <cstdlib>
#include <iostream>
#include <streambuf>
#include <string>

namespace labkit {

namespace {

bool set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value;
}

/// Passes text on line by line, holding the start of a line until it is
/// clear whether it opens with "::" (after blanks, which the runner skips).
class CommandGuard final : public std::streambuf {
 public:
  explicit CommandGuard(std::streambuf* target) : m_target(target) {}
  std::streambuf* target() const { return m_target; }

 private:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    return xsputn(&byte, 1) == 1 ? c : traits_type::eof();
  }

  std::streamsize xsputn(const char* text, std::streamsize size) override {
    for (std::streamsize at = 0; at < size; ++at) {
      const char c = text[at];
      if (m_line_decided) {
        m_target->sputc(c);
      } else if (c == '\n') {  // a blank line, or one of a lone ':'
        m_pending += c;
        m_target->sputn(m_pending.data(), static_cast<std::streamsize>(m_pending.size()));
        m_pending.clear();
      } else {
        m_pending += c;
        decide();
      }
      if (c == '\n') m_line_decided = false;
    }
    return size;
  }

  int sync() override { return m_target->pubsync(); }

  /// Once the line's first non-blank characters are known, the held text
  /// goes out, after "labs: " when it would be a command.
  void decide() {
    const auto first = m_pending.find_first_not_of(" \t");
    if (first == std::string::npos) return;
    const std::string_view start = std::string_view(m_pending).substr(first);
    if (start == ":") return;  // the next character decides
    if (start.starts_with("::")) m_target->sputn("labs: ", 6);
    m_target->sputn(m_pending.data(), static_cast<std::streamsize>(m_pending.size()));
    m_pending.clear();
    m_line_decided = true;
  }

  std::streambuf* m_target;
  std::string m_pending;
  bool m_line_decided = false;
};

CommandGuard* installed_guard = nullptr;

}  // namespace

CiKind detect_ci() {
  if (set("GITHUB_ACTIONS")) return CiKind::github;
  if (set("GITLAB_CI")) return CiKind::gitlab;
  if (set("CI")) return CiKind::other;
  return CiKind::none;
}

void guard_stderr_on_github() {
  if (detect_ci() != CiKind::github || installed_guard) return;
  // Lives as long as the process: std::cerr uses it until exit.
  installed_guard = new CommandGuard(std::cerr.rdbuf());
  std::cerr.rdbuf(installed_guard);
}

std::ostream& workflow_commands() {
  static std::ostream unguarded(installed_guard ? installed_guard->target() : std::cerr.rdbuf());
  return unguarded;
}

}  // namespace labkit
