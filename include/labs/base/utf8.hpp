#pragma once

#include <string>
#include <string_view>

namespace labkit {

/// The text with every byte sequence that is not valid UTF-8 replaced by
/// U+FFFD, so learner-made text (file names in Latin-1, binary output) can go
/// into JSON, XML and terminals.
std::string valid_utf8(std::string_view text);

}  // namespace labkit
