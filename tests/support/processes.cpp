#include "support/processes.hpp"

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace labkit::test {

bool process_alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  if (!(stat >> pid_field >> name >> state)) return false;
  return state != "Z" && state != "X";
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
    std::ifstream file(entry.path() / "cmdline");
    const std::string line((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
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
