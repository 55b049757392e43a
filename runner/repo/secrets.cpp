#include <labs/base/text_match.hpp>
#include <labs/repo/secrets.hpp>

#include <boost/regex.hpp>

#include <array>

namespace labkit {

namespace {

struct SecretPattern {
  const char* what;
  const char* regex;
};

// Token formats as their issuers publish them; kept specific so a learner's
// ordinary code does not trip them.
constexpr std::array kSecretPatterns{
    SecretPattern{"a private key",
                  R"(-----BEGIN (?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)"},
    SecretPattern{"an AWS access key", R"(\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)"},
    SecretPattern{"a GitHub token", R"(\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b)"},
    SecretPattern{"a GitLab token", R"(\bglpat-[A-Za-z0-9_-]{20,}\b)"},
    SecretPattern{"a Slack token", R"(\bxox[abprs]-[A-Za-z0-9-]{10,})"},
    SecretPattern{"a Google API key", R"(\bAIza[0-9A-Za-z_-]{35}\b)"},
    SecretPattern{"a Hugging Face token", R"(\bhf_[A-Za-z0-9]{30,}\b)"},
    SecretPattern{"an OpenAI or Stripe secret key", R"(\bsk[-_](?:live_|proj-)?[A-Za-z0-9_-]{24,}\b)"},
    // Credentials for a named host (one with a dot: not localhost, not a
    // Compose service such as db) inside a URL, as in user:pass@db.example.com.
    SecretPattern{
        "a password inside a connection URL",
        R"(\b[a-z][a-z0-9+.-]*://[^\s:/@'"]+:(?!(?:password|passwd|secret|changeme|change-me|example)@)[^\s@/'"$%{}<>]{6,}@(?!127\.0\.0\.1\b)[a-z0-9-]+\.[a-z0-9.-]*[a-z])"},
    SecretPattern{
        "a password or secret assigned a literal value",
        R"((?i)\b[a-z_]*(?:password|passwd|secret|api_?key|access_?token)[a-z_]*\s*[:=]\s*['"][^'"\s$%{}<>]{8,}['"])"},
};

const std::array<boost::regex, kSecretPatterns.size()>& compiled_patterns() {
  static const auto compiled = [] {
    std::array<boost::regex, kSecretPatterns.size()> regexes;
    for (std::size_t i = 0; i < kSecretPatterns.size(); ++i) regexes[i] = boost::regex(kSecretPatterns[i].regex);
    return regexes;
  }();
  return compiled;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::optional<SecretFinding> secret_file_name(std::string_view path) {
  const std::string_view name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  if (name == ".env" || (name.starts_with(".env.") && !ends_with(name, ".example") && !ends_with(name, ".sample") &&
                         !ends_with(name, ".template") && !ends_with(name, ".dist"))) {
    return SecretFinding{"an environment file with secrets (commit a .env.example instead)", 0};
  }
  for (std::string_view key : {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"}) {
    if (name == key) return SecretFinding{"an SSH private key", 0};
  }
  for (std::string_view extension : {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"}) {
    if (ends_with(name, extension)) return SecretFinding{"a key or certificate store", 0};
  }
  return std::nullopt;
}

std::optional<SecretFinding> scan_for_secret(std::string_view text) {
  const auto& regexes = compiled_patterns();
  std::optional<SecretFinding> first;
  for (std::size_t i = 0; i < regexes.size(); ++i) {
    boost::cmatch match;
    try {
      if (!boost::regex_search(text.data(), text.data() + text.size(), match, regexes[i])) continue;
    } catch (const std::runtime_error&) {
      continue;  // too costly on this text; the other patterns still run
    }
    const int line = line_of(text, static_cast<std::size_t>(match[0].first - text.data()));
    if (!first || line < first->line) first = SecretFinding{kSecretPatterns[i].what, line};
  }
  return first;
}

}  // namespace labkit
