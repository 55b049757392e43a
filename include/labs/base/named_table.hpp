#pragma once
// The extension points (check kinds, report formats) are tables of rows with
// a `name`; one look-up serves them all.

#include <algorithm>
#include <span>
#include <string_view>

namespace labkit {

template <typename Row>
const Row* find_by_name(std::span<const Row> rows, std::string_view name) {
  const auto found = std::find_if(rows.begin(), rows.end(), [&](const Row& row) { return row.name == name; });
  return found == rows.end() ? nullptr : &*found;
}

}  // namespace labkit
