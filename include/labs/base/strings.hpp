#pragma once
// Small string helpers shared by every layer.

#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// The parts between separators, empty ones included: "a//b" → a, "", b.
std::vector<std::string> split(std::string_view text, char separator);

/// Without the `blanks` at either end.
std::string trimmed(std::string_view text, std::string_view blanks = " \t\r\n");

}  // namespace labkit
