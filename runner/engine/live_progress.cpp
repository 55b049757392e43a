#include <labs/engine/live_progress.hpp>

#include <labs/base/ci.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace labkit {

namespace {

constexpr auto kRedraw = std::chrono::milliseconds(200);
constexpr auto kQuiet = std::chrono::milliseconds(500);  ///< quicker items never show
constexpr std::size_t kWidth = 100;

}  // namespace

LiveProgress::LiveProgress(std::FILE* terminal) : m_terminal(terminal), m_drawer([this] { draw_loop(); }) {}

LiveProgress::~LiveProgress() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_drawer.join();
  if (m_drawn) std::fputs("\r\x1b[2K", m_terminal);
  std::fflush(m_terminal);
}

bool LiveProgress::wanted(std::FILE* stream) {
  if (detect_ci() != CiKind::none) return false;
  const char* term = std::getenv("TERM");
  return isatty(fileno(stream)) && !(term && std::string_view(term) == "dumb");
}

void LiveProgress::started(const Lab& lab, const Item& item) {
  std::lock_guard lock(m_mutex);
  m_running[lab.id + "/" + item.id] = std::chrono::steady_clock::now();
}

void LiveProgress::finished(const Lab& lab, const Item& item, Status) {
  std::lock_guard lock(m_mutex);
  m_running.erase(lab.id + "/" + item.id);
}

void LiveProgress::draw_loop() {
  std::unique_lock lock(m_mutex);
  while (!m_wake.wait_for(lock, kRedraw, [this] { return m_stop; })) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::string> shown;
    for (const auto& [name, since] : m_running) {
      if (now - since < kQuiet) continue;
      shown.push_back(fmt::format("{} {:.0f}s", name, std::chrono::duration<double>(now - since).count()));
    }
    if (shown.empty() && !m_drawn) continue;
    std::string line = shown.empty() ? "" : fmt::format("running: {}", fmt::join(shown, " · "));
    if (line.size() > kWidth) line = line.substr(0, kWidth - 1) + "…";
    std::fprintf(m_terminal, "\r\x1b[2K%s", line.c_str());
    std::fflush(m_terminal);
    m_drawn = !line.empty();
  }
}

}  // namespace labkit
