#include <labs/process/process.hpp>

#include "kept_sandbox.hpp"
#include "process_tree.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

namespace labkit {

struct ScopedCleanup::Entry {
  std::function<void()> action;
  std::once_flag once;
  void run() { std::call_once(once, action); }
};

namespace {

std::mutex registry_mutex;
std::atomic<int> interrupted_by{0};
std::atomic<int> processes_under_way{0};
std::vector<std::shared_ptr<ScopedCleanup::Entry>>& registry() {
  static std::vector<std::shared_ptr<ScopedCleanup::Entry>> entries;
  return entries;
}

/// An interrupt may arrive while no probe runs (a step waiting for a
/// container to get ready): a watcher thread then cleans up, ends what is
/// left of the probes, and lets the signal end labs.
void watch_interrupts() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Both live as long as labs, so process exit never races the thread.
    auto* io = new boost::asio::io_context;
    auto* signals = new boost::asio::signal_set(*io, SIGINT, SIGTERM, SIGHUP);
    signals->async_wait([](const boost::system::error_code& error, int signal) {
      if (error) return;
      interrupted_by = signal;
      if (processes_under_way > 0) return;  // run_process ends labs once its child is gone
      run_interrupt_cleanups();
      end_leftover_processes();
      std::signal(signal, SIG_DFL);
      std::raise(signal);
    });
    std::thread([io] { io->run(); }).detach();
  });
}

}  // namespace

ProcessUnderWay::ProcessUnderWay() { ++processes_under_way; }
ProcessUnderWay::~ProcessUnderWay() { --processes_under_way; }

ScopedCleanup::ScopedCleanup(std::function<void()> action) : m_entry(std::make_shared<Entry>()) {
  watch_interrupts();
  m_entry->action = std::move(action);
  const std::lock_guard lock(registry_mutex);
  registry().push_back(m_entry);
}

ScopedCleanup::~ScopedCleanup() {
  m_entry->run();
  const std::lock_guard lock(registry_mutex);
  auto& entries = registry();
  entries.erase(std::remove(entries.begin(), entries.end(), m_entry), entries.end());
}

void run_interrupt_cleanups() {
  // The clean-up actions run probes themselves; an interrupt that reaches
  // one of those means "stop now".
  thread_local bool cleaning = false;
  if (cleaning) return;
  // Every probe thread hears the interrupt: the first cleans up for all and
  // the others wait here, so none ends labs before the clean-up is done.
  static std::mutex one_at_a_time;
  const std::lock_guard serial(one_at_a_time);
  cleaning = true;
  std::vector<std::shared_ptr<ScopedCleanup::Entry>> pending;
  {
    const std::lock_guard lock(registry_mutex);
    pending = registry();
  }
  for (auto entry = pending.rbegin(); entry != pending.rend(); ++entry) (*entry)->run();
  cleaning = false;
}

void end_if_interrupted() {
  const int signal = interrupted_by.load();
  if (signal == 0) return;
  run_interrupt_cleanups();  // waits while the watcher cleans up
  end_kept_sandboxes();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace labkit
