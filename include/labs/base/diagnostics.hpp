#pragma once

#include <string>
#include <vector>

namespace labkit {

/// A place in a lab file; line and column count from 1, 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
};

/// "file:line:col: message", the form editors and CI logs link to.
std::string format_diagnostic(const Diagnostic& diagnostic);

/// Collects every error of a load, so a lab author sees all of them at once.
class Diagnostics {
 public:
  void error(SourceLocation where, std::string message);
  bool empty() const { return m_items.empty(); }
  const std::vector<Diagnostic>& all() const { return m_items; }
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> m_items;
};

/// The closest candidate within a small edit distance, or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace labkit
