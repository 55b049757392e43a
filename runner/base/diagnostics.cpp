#include <labs/base/diagnostics.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace labkit {

std::string format_diagnostic(const Diagnostic& diagnostic) {
  const auto& where = diagnostic.where;
  if (where.line == 0) return fmt::format("{}: {}", where.file, diagnostic.message);
  return fmt::format("{}:{}:{}: {}", where.file, where.line, where.column, diagnostic.message);
}

void Diagnostics::error(SourceLocation where, std::string message) {
  m_items.push_back({std::move(where), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // Allow roughly one typo per three letters, as ninja's spellcheck does.
  const std::size_t allowed = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace labkit
