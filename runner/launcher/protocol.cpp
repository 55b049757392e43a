#include "launcher/protocol.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace launcher {

namespace {

/// Larger requests are refused: an environment and command line of a probe
/// stay far below it.
constexpr std::uint32_t kMaxRequest = 16U << 20;

void put_number(std::string& bytes, std::uint32_t number) { bytes.append(reinterpret_cast<const char*>(&number), 4); }

void put_text(std::string& bytes, const std::string& text) {
  put_number(bytes, static_cast<std::uint32_t>(text.size()));
  bytes += text;
}

class Reader {
 public:
  explicit Reader(const std::string& bytes) : m_bytes(bytes) {}
  bool take(void* into, std::size_t size) {
    if (m_bytes.size() - m_at < size) return false;
    std::memcpy(into, m_bytes.data() + m_at, size);
    m_at += size;
    return true;
  }
  bool text(std::string& into) {
    std::uint32_t size = 0;
    if (!take(&size, 4) || m_bytes.size() - m_at < size) return false;
    into.assign(m_bytes, m_at, size);
    m_at += size;
    return true;
  }
  bool texts(std::vector<std::string>& into) {
    std::uint32_t count = 0;
    if (!take(&count, 4) || count > m_bytes.size()) return false;
    into.resize(count);
    for (auto& text_item : into) {
      if (!text(text_item)) return false;
    }
    return true;
  }
  bool at_end() const { return m_at == m_bytes.size(); }

 private:
  const std::string& m_bytes;
  std::size_t m_at = 0;
};

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t wrote = ::write(fd, data, size);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    data += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
  return true;
}

bool read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t got = ::read(fd, data, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    data += got;
    size -= static_cast<std::size_t>(got);
  }
  return true;
}

}  // namespace

std::string encode(const ProbeRequest& request) {
  std::string bytes(reinterpret_cast<const char*>(request.limits), sizeof request.limits);
  put_text(bytes, request.directory);
  for (const auto* list : {&request.arguments, &request.environment}) {
    put_number(bytes, static_cast<std::uint32_t>(list->size()));
    for (const auto& text : *list) put_text(bytes, text);
  }
  return bytes;
}

bool decode(const std::string& bytes, ProbeRequest& request) {
  Reader reader(bytes);
  return reader.take(request.limits, sizeof request.limits) && reader.text(request.directory) &&
         reader.texts(request.arguments) && reader.texts(request.environment) && reader.at_end() &&
         !request.arguments.empty();
}

bool send_request(int socket, const std::string& bytes) {
  std::uint32_t size = static_cast<std::uint32_t>(bytes.size());
  iovec part{&size, sizeof size};
  alignas(cmsghdr) char control[CMSG_SPACE(3 * sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(3 * sizeof(int));
  const int stdio[3] = {0, 1, 2};
  std::memcpy(CMSG_DATA(header), stdio, sizeof stdio);
  ssize_t sent = 0;
  do {
    sent = ::sendmsg(socket, &message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent == sizeof size && write_all(socket, bytes.data(), bytes.size());
}

bool receive_request(int socket, std::string& bytes, int (&stdio)[3]) {
  std::uint32_t size = 0;
  iovec part{&size, sizeof size};
  alignas(cmsghdr) char control[CMSG_SPACE(3 * sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t got = 0;
  do {
    got = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC | MSG_WAITALL);
  } while (got < 0 && errno == EINTR);
  const cmsghdr* header = CMSG_FIRSTHDR(&message);
  if (got != sizeof size || !header || header->cmsg_type != SCM_RIGHTS ||
      header->cmsg_len != CMSG_LEN(3 * sizeof(int)) || size > kMaxRequest)
    return false;
  std::memcpy(stdio, CMSG_DATA(header), sizeof stdio);
  bytes.resize(size);
  return read_all(socket, bytes.data(), size);
}

bool send_message(int socket, Message kind, std::int32_t number) {
  char bytes[5];
  bytes[0] = static_cast<char>(kind);
  std::memcpy(bytes + 1, &number, 4);
  // One send: enter calls this from a signal handler, where only a system call is safe.
  return ::send(socket, bytes, sizeof bytes, MSG_NOSIGNAL) == sizeof bytes;
}

bool receive_message(int socket, Message& kind, std::int32_t& number) {
  char bytes[5];
  if (!read_all(socket, bytes, sizeof bytes)) return false;
  kind = static_cast<Message>(bytes[0]);
  std::memcpy(&number, bytes + 1, 4);
  return true;
}

}  // namespace launcher
