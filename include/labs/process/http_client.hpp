#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace labkit {

struct HttpRequest {
  std::string method = "GET";
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds elapsed{0};
  std::string error;                                  ///< set when no response arrived (refused, timed out, malformed)
  std::string header(const std::string& name) const;  ///< case-insensitive; "" when absent
};

/// One HTTP/1.1 request through Boost.Beast, with a deadline over connect,
/// write and read, and a body limit of 8 MiB.
HttpResponse http_request(const HttpRequest& request);

/// Whether something accepts TCP connections on the port (loopback).
bool tcp_accepts(unsigned short port, std::chrono::milliseconds timeout);

/// A port on 127.0.0.1 that was free a moment ago, for a service to bind.
unsigned short pick_free_port();

}  // namespace labkit
