#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace labkit {

/// Replaces `file` with `text` whole or not at all: a temporary file beside
/// it, fsync, rename, fsync of the folder — a reader, a concurrent writer or
/// a kill at any moment sees the old file or the new one. A device or a pipe
/// (/dev/stdout, a FIFO) is written into instead. "" or why it could not be
/// written (the system's reason, e.g. "No such file or directory").
/// Writes all of `text` to a descriptor, across short writes and EINTR;
/// false (errno set) when it cannot.
[[nodiscard]] bool write_all(int fd, std::string_view text);

[[nodiscard]] std::string replace_file_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace labkit
