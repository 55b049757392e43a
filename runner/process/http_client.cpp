#include <labs/process/http_client.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

namespace labkit {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kBodyLimit = 8 << 20;

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) return value;
  }
  return "";
}

HttpResponse http_request(const HttpRequest& request) {
  HttpResponse response;
  const auto started = std::chrono::steady_clock::now();
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  http::request<http::string_body> message{http::string_to_verb(request.method), request.target, 11};
  message.set(http::field::host, request.host + ":" + std::to_string(request.port));
  message.set(http::field::user_agent, "labs");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  message.prepare_payload();
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);

  // One deadline covers connect, write and read: async operations honour it.
  stream.expires_after(request.timeout);
  const tcp::endpoint endpoint(asio::ip::make_address(request.host), request.port);
  stream.async_connect(endpoint, [&](beast::error_code error) {
    if (error) {
      response.error = "cannot connect: " + error.message();
      return;
    }
    http::async_write(stream, message, [&](beast::error_code write_error, std::size_t) {
      if (write_error) {
        response.error = "cannot send the request: " + write_error.message();
        return;
      }
      http::async_read(stream, buffer, parser, [&](beast::error_code read_error, std::size_t) {
        if (read_error) {
          response.error =
              read_error == beast::error::timeout ? "no response in time" : "bad response: " + read_error.message();
          return;
        }
        const auto& reply = parser.get();
        response.status = static_cast<int>(reply.result_int());
        for (const auto& field : reply)
          response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        response.body = reply.body();
      });
    });
  });
  io.run();
  if (response.error == "cannot connect: Operation canceled") response.error = "no connection in time";
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return response;
}

bool tcp_accepts(unsigned short port, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  bool connected = false;
  stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                       [&](beast::error_code error) { connected = !error; });
  io.run();
  return connected;
}

unsigned short pick_free_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace labkit
