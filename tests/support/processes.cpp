#include "support/processes.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace labkit::test {

namespace {

/// A /proc file read with plain system calls: a stream throws when the
/// process goes away while it reads (ESRCH).
std::string read_small_file(const std::filesystem::path& path) {
  std::string text;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char chunk[4096];
  for (ssize_t got; (got = ::read(fd, chunk, sizeof chunk)) > 0;) text.append(chunk, static_cast<std::size_t>(got));
  ::close(fd);
  return text;
}

}  // namespace

bool process_alive(pid_t pid) {
  const std::string stat = read_small_file("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');  // the name may hold spaces
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  const char state = stat[close + 2];
  return state != 'Z' && state != 'X';
}

bool process_gone_soon(pid_t pid) {
  for (int i = 0; i < 50 && process_alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return !process_alive(pid);
}

int processes_named(const std::string& name) {
  int found = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string line = read_small_file(entry.path() / "cmdline");
    if (line.find(name) != std::string::npos && process_alive(std::stoi(pid))) ++found;
  }
  return found;
}

bool no_process_named_soon(const std::string& name) {
  for (int i = 0; i < 100 && processes_named(name) > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return processes_named(name) == 0;
}

pid_t read_pid(const std::filesystem::path& file) {
  pid_t pid = 0;
  std::ifstream(file) >> pid;
  return pid;
}

}  // namespace labkit::test
