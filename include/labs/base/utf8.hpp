#pragma once

#include <string>
#include <string_view>

namespace labkit {

/// The text with every byte sequence that is not valid UTF-8 replaced by
/// U+FFFD, so learner-made text (file names in Latin-1, binary output) can go
/// into JSON, XML and terminals.
std::string valid_utf8(std::string_view text);

/// The text made safe to show on a terminal and in any report format: valid
/// UTF-8 with no control character but newline and tab. Every other C0
/// control, DEL and invalid byte becomes a visible `\x1b`, every C1 control
/// (U+0080-U+009F) and U+FFFE/U+FFFF (not characters to XML) a visible
/// `\u009b`, so a reviewer sees that something was there. A carriage return
/// stays only before a newline: alone it sends the cursor back to overwrite
/// the line. Printable text passes unchanged, so escaping twice changes
/// nothing.
std::string displayable_text(std::string_view text);

/// The text with Latin and Cyrillic capitals made small (Ё too), other
/// characters unchanged: what "case does not matter" means for the English
/// and Russian of the roadmaps.
std::string lower_case(std::string_view text);

/// Whether the UTF-8 sequence starting at `text[at]` (`length` bytes) is a
/// Cyrillic letter that has another case; `other` gets that case's bytes.
bool cyrillic_other_case(std::string_view text, std::size_t at, std::size_t& length, std::string& other);

}  // namespace labkit
