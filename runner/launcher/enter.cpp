// `labs-probe-launcher enter SOCKET DIRECTORY -- PROGRAM ARGS...`: what labs
// starts for a sandboxed probe. It hands its stdio, environment and limits to
// the run's kept sandbox, forwards the signals labs sends it and ends as the
// probe ends. When labs kills it, the sandbox sees it go and kills the probe.
#include "launcher/launcher.hpp"
#include "launcher/protocol.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace launcher {

namespace {

int g_connection = -1;

void forward(int signal) {
  const int saved = errno;
  send_message(g_connection, Message::signal, signal);
  errno = saved;
}

int connect_to(const char* path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (std::strlen(path) >= sizeof address.sun_path) return -1;
  std::strcpy(address.sun_path, path);
  const int connection = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (connection < 0) return -1;
  if (::connect(connection, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(connection);
    return -1;
  }
  return connection;
}

ProbeRequest request_from(char** words, int count, const char* directory) {
  ProbeRequest request;
  request.directory = directory;
  request.arguments.assign(words, words + count);
  for (char** entry = environ; *entry; ++entry) request.environment.emplace_back(*entry);
  for (std::size_t i = 0; i < kLimitCount; ++i) ::getrlimit(kLimitedResources[i], &request.limits[i]);
  return request;
}

}  // namespace

int enter(int argc, char** argv) {
  if (argc < 5 || std::strcmp(argv[3], "--") != 0) {
    std::fprintf(stderr, "usage: labs-probe-launcher enter SOCKET DIRECTORY -- PROGRAM [ARGUMENTS...]\n");
    return kUsageError;
  }
  g_connection = connect_to(argv[1]);
  if (g_connection < 0 || !send_request(g_connection, encode(request_from(argv + 4, argc - 4, argv[2])))) {
    std::fprintf(stderr, "labs: the sandbox of this run is gone (%s)\n", std::strerror(errno));
    return kSandboxGone;
  }
  struct sigaction action {};
  action.sa_handler = forward;
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGQUIT}) ::sigaction(signal, &action, nullptr);
  Message kind{};
  std::int32_t number = 0;
  while (receive_message(g_connection, kind, number)) {
    if (kind == Message::exited) return number;
    if (kind == Message::exec_failed) {
      std::fprintf(stderr, "labs: cannot start %s: %s\n", argv[4], std::strerror(number));
      return kCannotStart;
    }
  }
  std::fprintf(stderr, "labs: the sandbox of this run ended the probe\n");
  return kSandboxGone;
}

}  // namespace launcher
