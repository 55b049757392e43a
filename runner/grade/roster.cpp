// The class roster: a CSV file read with libcsv (quoted fields, commas and
// newlines inside quotes), validated row by row.
#include <labs/base/strings.hpp>
#include <labs/grade/grade.hpp>
#include <labs/repo/repo_files.hpp>

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace labkit::grade {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxRoster = 64 << 20;

struct CsvRows {
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  ///< the line each row ends on
  std::vector<std::string> current;
  int line = 0;
  static void field(void* text, std::size_t size, void* self) {
    static_cast<CsvRows*>(self)->current.emplace_back(static_cast<const char*>(text), size);
  }
  static void end_row(int, void* self) {
    auto& rows = *static_cast<CsvRows*>(self);
    rows.rows.push_back(std::move(rows.current));
    rows.lines.push_back(rows.line);
    rows.current.clear();
  }
};

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool is_url(const std::string& repo) { return repo.find("://") != std::string::npos || repo.rfind("git@", 0) == 0; }

}  // namespace

std::string file_key(const std::string& student) {
  std::string key;
  for (unsigned char c : student) {
    const bool safe = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c >= 0x80;
    key += safe ? static_cast<char>(c) : '_';
  }
  while (!key.empty() && key.front() == '.') key.erase(0, 1);  // no hidden files, no ".."
  if (key.size() > 120) key.resize(120);
  return key.empty() ? "_" : key;
}

std::vector<RosterEntry> read_roster(const fs::path& file, std::vector<std::string>& errors) {
  std::string read_error;
  const auto text = read_text_file(file, kMaxRoster + 1, read_error);
  const std::string name = file.filename().string();
  if (!text) {
    errors.push_back(fmt::format("{}: {}", file.string(), read_error));
    return {};
  }
  if (text->size() > kMaxRoster) {
    errors.push_back(fmt::format("{}: larger than 64 MiB", file.string()));
    return {};
  }
  csv_parser parser{};
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
  CsvRows csv;
  // Fed a line at a time, so each row knows its line (libcsv skips blank ones).
  bool parsed = true;
  for (std::string_view rest(*text); parsed && !rest.empty();) {
    const std::size_t length = std::min(rest.find('\n'), rest.size() - 1) + 1;
    ++csv.line;
    parsed = csv_parse(&parser, rest.data(), length, &CsvRows::field, &CsvRows::end_row, &csv) == length;
    rest.remove_prefix(length);
  }
  parsed = parsed && csv_fini(&parser, &CsvRows::field, &CsvRows::end_row, &csv) == 0;
  const std::string parse_problem = parsed ? "" : csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!parsed) {
    errors.push_back(fmt::format("{}:{}: not valid CSV: {} (a quote left open?)", name, csv.line, parse_problem));
    return {};
  }
  if (csv.rows.empty()) {
    errors.push_back(fmt::format("{}:1: the roster is empty; it needs a header row: student,repo,branch", name));
    return {};
  }
  std::map<std::string, std::size_t> columns;
  for (std::size_t c = 0; c < csv.rows[0].size(); ++c) columns[lowered(trimmed(csv.rows[0][c]))] = c;
  if (!columns.count("branch") && columns.count("ref")) columns["branch"] = columns["ref"];
  for (const char* needed : {"student", "repo"}) {
    if (!columns.count(needed)) {
      errors.push_back(
          fmt::format("{}:1: the header has no '{}' column (expected: student,repo[,branch])", name, needed));
    }
  }
  if (!errors.empty()) return {};
  const auto cell = [&](const std::vector<std::string>& row, const char* column) {
    const auto at = columns.find(column);
    return at != columns.end() && at->second < row.size() ? trimmed(row[at->second]) : std::string();
  };
  std::vector<RosterEntry> entries;
  std::map<std::string, int> seen_keys;
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const int line = csv.lines[r];
    if (std::all_of(row.begin(), row.end(), [](const std::string& f) { return trimmed(f).empty(); })) continue;
    RosterEntry entry{cell(row, "student"), cell(row, "repo"), cell(row, "branch"), line};
    if (entry.student.empty()) errors.push_back(fmt::format("{}:{}: the student is empty", name, line));
    if (entry.repo.empty()) errors.push_back(fmt::format("{}:{}: the repo is empty", name, line));
    if (entry.student.empty() || entry.repo.empty()) continue;
    const std::string key = file_key(entry.student);
    if (const auto [at, fresh] = seen_keys.emplace(key, line); !fresh) {
      errors.push_back(
          fmt::format("{}:{}: student '{}' is already on line {} (names must differ in letters, digits, - _ .)", name,
                      line, entry.student, at->second));
      continue;
    }
    if (!is_url(entry.repo)) {
      std::error_code ignored;
      entry.repo = fs::weakly_canonical(fs::absolute(file).parent_path() / entry.repo, ignored).string();
    }
    entries.push_back(std::move(entry));
  }
  if (entries.empty() && errors.empty()) errors.push_back(fmt::format("{}:2: the roster lists no student", name));
  return entries;
}

std::vector<RosterEntry> shard_of(const std::vector<RosterEntry>& roster, int index, int count) {
  std::vector<RosterEntry> slice;
  for (std::size_t i = 0; i < roster.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(count)) == index - 1) slice.push_back(roster[i]);
  }
  return slice;
}

}  // namespace labkit::grade
