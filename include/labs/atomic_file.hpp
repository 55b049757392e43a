#pragma once

#include <filesystem>
#include <string>

namespace labkit {

/// Replaces `file` with `text` whole or not at all: a temporary file beside
/// it, fsync, rename, fsync of the folder — a reader, a concurrent writer or
/// a kill at any moment sees the old file or the new one. "" or the problem.
std::string replace_file_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace labkit
