#include "launcher/launcher.hpp"

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "serve") == 0) return launcher::serve(argc - 1, argv + 1);
  if (argc >= 2 && std::strcmp(argv[1], "enter") == 0) return launcher::enter(argc - 1, argv + 1);
  std::fprintf(stderr,
               "labs-probe-launcher is started by labs for its sandboxed probes (docs/security.md).\n"
               "usage: labs-probe-launcher serve ... | enter SOCKET DIRECTORY -- PROGRAM [ARGUMENTS...]\n");
  return launcher::kUsageError;
}
