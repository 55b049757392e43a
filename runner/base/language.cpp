#include <labs/base/language.hpp>

#include <cstdlib>

namespace labkit {

namespace {

std::string& chosen() {
  static std::string language = "en";
  return language;
}

}  // namespace

void set_text_language(std::string language) { chosen() = language.empty() ? "en" : std::move(language); }

const std::string& text_language() { return chosen(); }

std::string language_from_environment() {
  // The order gettext uses; "ru_RU.UTF-8" and "ru:en" both give "ru".
  for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (!value || !*value) continue;
    std::string code;
    for (const char* c = value; *c >= 'a' && *c <= 'z'; ++c) code += *c;
    if (code.size() == 2) return code;
    if (std::string(value) == "C" || std::string(value) == "POSIX") return "en";
  }
  return "en";
}

}  // namespace labkit
