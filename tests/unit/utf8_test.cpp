#include <labs/base/utf8.hpp>

#include <catch2/catch.hpp>

using labkit::valid_utf8;

TEST_CASE("utf8: valid text is kept, every invalid byte becomes U+FFFD", "[utf8]") {
  CHECK(valid_utf8("café ✓ 𝄞 ascii") == "café ✓ 𝄞 ascii");
  CHECK(valid_utf8("caf\xe9.py") == "caf\xEF\xBF\xBD.py");                      // Latin-1
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(valid_utf8("\xF4\x90\x80\x80").find("\xEF\xBF\xBD") == 0);              // above U+10FFFF
  CHECK(valid_utf8("ok\xE2\x9C") == "ok\xEF\xBF\xBD\xEF\xBF\xBD");              // cut short
  CHECK(valid_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
}

TEST_CASE("utf8: displayable_text escapes what a terminal or XML reader would act on", "[utf8][escapes]") {
  using labkit::displayable_text;
  const std::string printable = "café ✓ 𝄞 ascii\tcolumn\nline\r\nnbsp:\xC2\xA0 back\\slash";
  CHECK(displayable_text(printable) == printable);
  CHECK(displayable_text("\x1b[2J\x1b[?1049h") == "\\x1b[2J\\x1b[?1049h");
  CHECK(displayable_text("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
  CHECK(displayable_text("\x1b]52;c;aGFjaw==\x07") == "\\x1b]52;c;aGFjaw==\\x07");
  CHECK(displayable_text("FAIL\rPASS") == "FAIL\\x0dPASS");  // a lone CR would overwrite the line
  CHECK(displayable_text("end\r") == "end\\x0d");
  CHECK(displayable_text("ok\b\bno") == "ok\\x08\\x08no");
  CHECK(displayable_text(std::string("a\0b\x7f", 4)) == "a\\x00b\\x7f");
  CHECK(displayable_text("\xC2\x9B"
                         "2J \xC2\x80\xC2\x9F") == "\\u009b2J \\u0080\\u009f");
  CHECK(displayable_text("\xEF\xBF\xBE\xEF\xBF\xBF") == "\\ufffe\\uffff");  // not characters to XML
  CHECK(displayable_text("caf\xe9 \x9b"
                         "2J \xED\xA0\x80") == "caf\\xe9 \\x9b2J \\xed\\xa0\\x80");
  const std::string nasty = "\x1b[31m\xC2\x9B\r\xff\x07";
  CHECK(displayable_text(displayable_text(nasty)) == displayable_text(nasty));
}

TEST_CASE("lower_case: Latin and Cyrillic capitals, Ё too, nothing else", "[utf8]") {
  CHECK(labkit::lower_case("MLflow ЖИЗНЕННЫЙ Цикл ЁЛКА 42 ü") == "mlflow жизненный цикл ёлка 42 ü");
  CHECK(labkit::lower_case("уже маленькие") == "уже маленькие");
  CHECK(labkit::lower_case(std::string("\xD0")) == std::string("\xD0"));  // a cut sequence stays as it is
}
