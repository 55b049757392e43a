#pragma once

#include <string>

namespace labkit {

/// The language lab texts are shown in ("en", "ru", ...): --lang, else
/// LANGUAGE / LC_ALL / LC_MESSAGES / LANG; English when none names one.
void set_text_language(std::string language);
const std::string& text_language();
std::string language_from_environment();

}  // namespace labkit
