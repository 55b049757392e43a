#include <labs/base/utf8.hpp>

#include <fmt/format.h>

namespace labkit {

namespace {

/// The length of the valid UTF-8 sequence at `at`, 0 when there is none
/// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                       : lead >= 0xE0 && lead <= 0xEF ? 3
                       : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                      : 0;
  if (length == 0 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  const unsigned char second = byte(at + 1);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90) ||
      (lead == 0xF4 && second > 0x8F)) {
    return 0;
  }
  return length;
}

/// The code point of the valid sequence of `length` bytes at `at`.
char32_t code_point(std::string_view text, std::size_t at, std::size_t length) {
  const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[at + i])); };
  if (length == 1) return byte(0);
  constexpr char32_t kLeadBits[] = {0, 0, 0x1F, 0x0F, 0x07};
  char32_t point = byte(0) & kLeadBits[length];
  for (std::size_t i = 1; i < length; ++i) point = (point << 6) | (byte(i) & 0x3F);
  return point;
}

/// Whether a terminal or an XML reader would act on the code point rather
/// than show it.
bool is_control(char32_t point) {
  return point < 0x20 || (point >= 0x7F && point <= 0x9F) || point == 0xFFFE || point == 0xFFFF;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (const std::size_t length = sequence_length(text, at)) {
      out.append(text.substr(at, length));
      at += length;
    } else {
      out += "\xEF\xBF\xBD";
      ++at;
    }
  }
  return out;
}

std::string displayable_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_length(text, at);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at++]));
      continue;
    }
    const char32_t point = code_point(text, at, length);
    const bool line_end = point == '\n' || (point == '\r' && at + 1 < text.size() && text[at + 1] == '\n');
    if (!is_control(point) || point == '\t' || line_end) {
      out.append(text.substr(at, length));
    } else {
      out += length == 1 ? fmt::format("\\x{:02x}", static_cast<unsigned>(point))
                         : fmt::format("\\u{:04x}", static_cast<unsigned>(point));
    }
    at += length;
  }
  return out;
}

namespace {

/// The code point of a two-byte UTF-8 sequence at `at`, 0 when there is none.
char32_t two_byte_code_point(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return 0;
  const auto lead = static_cast<unsigned char>(text[at]);
  const auto next = static_cast<unsigned char>(text[at + 1]);
  if ((lead & 0xE0U) != 0xC0U || (next & 0xC0U) != 0x80U) return 0;
  return static_cast<char32_t>(((lead & 0x1FU) << 6U) | (next & 0x3FU));
}

std::string two_byte_utf8(char32_t code) {
  return {static_cast<char>(0xC0U | (code >> 6U)), static_cast<char>(0x80U | (code & 0x3FU))};
}

/// The other case of a Cyrillic letter (А-Я with а-я, Ѐ-Џ with ѐ-џ), 0 for any other code point.
char32_t cyrillic_swap(char32_t code) {
  if (code >= 0x410 && code <= 0x42F) return code + 0x20;
  if (code >= 0x430 && code <= 0x44F) return code - 0x20;
  if (code >= 0x400 && code <= 0x40F) return code + 0x50;
  if (code >= 0x450 && code <= 0x45F) return code - 0x50;
  return 0;
}

}  // namespace

std::string lower_case(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char32_t code = two_byte_code_point(text, at);
    if (code >= 0x400 && code <= 0x42F) {
      out += two_byte_utf8(cyrillic_swap(code));
      ++at;
      continue;
    }
    const char c = text[at];
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool cyrillic_other_case(std::string_view text, std::size_t at, std::size_t& length, std::string& other) {
  const char32_t swapped = cyrillic_swap(two_byte_code_point(text, at));
  if (swapped == 0) return false;
  length = 2;
  other = two_byte_utf8(swapped);
  return true;
}

}  // namespace labkit
