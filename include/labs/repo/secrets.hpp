#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace labkit {

/// What looks like a committed secret. `what` never repeats the secret itself.
struct SecretFinding {
  std::string what;
  int line = 0;  ///< 1-based, 0 for a file that is secret by its name
};

/// Files that hold secrets by convention: .env (not .env.example), private
/// keys (id_rsa, *.pem, *.key), keystores.
std::optional<SecretFinding> secret_file_name(std::string_view path);

/// The first line that looks like a private key, a cloud or service token,
/// or a password assigned a literal value.
std::optional<SecretFinding> scan_for_secret(std::string_view text);

}  // namespace labkit
