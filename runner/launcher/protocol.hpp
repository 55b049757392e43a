#pragma once
// labs-probe-launcher's wire format: what `enter` sends `serve` to start one
// probe, and what comes back. Both ends are this one program, so the limits
// travel as raw structs.

#include <sys/resource.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

namespace launcher {

/// The limits a probe runs under, in this order: the ones labs set on `enter`.
inline constexpr int kLimitedResources[] = {RLIMIT_AS, RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_CPU, RLIMIT_CORE};
inline constexpr std::size_t kLimitCount = std::size(kLimitedResources);

struct ProbeRequest {
  std::string directory;
  std::vector<std::string> arguments;  ///< program path first
  std::vector<std::string> environment;
  rlimit limits[kLimitCount]{};
};

/// One byte of kind and a 32-bit number: serve's replies and enter's
/// forwarded signals.
enum class Message : char {
  exec_failed = 'E',  ///< the number is the errno of execve (or of the setup before it)
  exited = 'X',       ///< the exit code, 128 + signal for a killed probe (as bwrap reports it)
  signal = 'S',       ///< enter was sent this signal: pass it on to the probe
};

std::string encode(const ProbeRequest& request);
bool decode(const std::string& bytes, ProbeRequest& request);

/// The request with the client's stdin, stdout and stderr attached.
bool send_request(int socket, const std::string& bytes);
bool receive_request(int socket, std::string& bytes, int (&stdio)[3]);

bool send_message(int socket, Message kind, std::int32_t number);
/// False at end of file or on a broken message.
bool receive_message(int socket, Message& kind, std::int32_t& number);

}  // namespace launcher
