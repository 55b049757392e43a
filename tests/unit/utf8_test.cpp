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
