// The `sqlite` check: what the learner's app stored is really in a SQLite
// database in the project. Inside a `service` step it looks at the scratch
// copy the server wrote, right after the requests that stored the data.
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <fstream>
#include <memory>

namespace labkit {

namespace {

constexpr int kMaxDepth = 6;
constexpr std::uintmax_t kMaxDatabaseBytes = 512ull << 20;
constexpr std::size_t kMaxDatabases = 20;

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalize {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteClose>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalize>;

bool has_sqlite_header(const std::filesystem::path& file) {
  static constexpr char kHeader[] = "SQLite format 3";  // and its NUL: 16 bytes
  char head[sizeof kHeader] = {};
  std::ifstream in(file, std::ios::binary);
  return in.read(head, sizeof head) && std::equal(head, head + sizeof head, kHeader);
}

/// SQLite files under `root`: never through a symlink, never in .git or an installed package tree.
std::vector<std::filesystem::path> find_databases(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(root, std::filesystem::directory_options::skip_permission_denied,
                                                   ec);
  for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (std::filesystem::is_directory(status)) {
      const std::string name = it->path().filename().string();
      if (it.depth() >= kMaxDepth || name == ".git" || name == "node_modules" || is_package_tree(it->path()))
        it.disable_recursion_pending();
      continue;
    }
    if (!std::filesystem::is_regular_file(status) || it->file_size(ec) > kMaxDatabaseBytes || ec) continue;
    if (has_sqlite_header(it->path())) found.push_back(it->path());
    if (found.size() == kMaxDatabases) break;
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string quoted_name(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> column_texts(sqlite3* db, const std::string& sql) {
  std::vector<std::string> values;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return values;
  const StatementPtr statement(raw);
  while (sqlite3_step(raw) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(raw, 0);
    values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  return values;
}

/// The tables of `db`, and the first of them with a row holding `text` in some column.
struct Search {
  std::vector<std::string> tables;
  std::string holding;
  std::string error;
};

Search search_database(const std::filesystem::path& file, const std::string& text) {
  Search search;
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  const SqlitePtr db(raw);
  if (opened != SQLITE_OK) return {{}, {}, raw ? sqlite3_errmsg(raw) : "out of memory"};
  // The file is the learner's: no schema-defined code runs while it is read.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_busy_timeout(raw, 2000);
  search.tables = column_texts(
      raw, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  for (const auto& table : search.tables) {
    const auto columns = column_texts(raw, fmt::format("SELECT name FROM pragma_table_info({})", quoted_name(table)));
    if (columns.empty()) continue;
    std::vector<std::string> tests;
    tests.reserve(columns.size());
    for (const auto& column : columns)
      tests.push_back(fmt::format("instr(CAST({} AS TEXT), ?1) > 0", quoted_name(column)));
    const std::string sql =
        fmt::format("SELECT 1 FROM {} WHERE {} LIMIT 1", quoted_name(table), fmt::join(tests, " OR "));
    sqlite3_stmt* statement_raw = nullptr;
    if (sqlite3_prepare_v2(raw, sql.c_str(), -1, &statement_raw, nullptr) != SQLITE_OK) continue;
    const StatementPtr statement(statement_raw);
    sqlite3_bind_text(statement_raw, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(statement_raw) == SQLITE_ROW) {
      search.holding = table;
      break;
    }
  }
  return search;
}

class SqliteCheck final : public Check {
 public:
  std::string holds;

  std::string describe() const override { return fmt::format("a SQLite database in the project holds '{}'", holds); }

  StepOutcome run(const CheckContext& context) const override {
    const bool in_server = !context.served_tree.empty() && context.served_tree != context.root();
    const std::filesystem::path& tree = in_server ? context.served_tree : context.root();
    const auto databases = find_databases(tree);
    if (databases.empty()) {
      return {Status::fail, fmt::format("no SQLite database file in the project{}: the data is kept elsewhere (in "
                                        "memory, or another database)",
                                        in_server ? " after the app stored its data" : "")};
    }
    std::vector<std::string> looked;
    for (const auto& file : databases) {
      const std::string name = std::filesystem::relative(file, tree).generic_string();
      const Search search = search_database(file, holds);
      if (!search.holding.empty()) {
        // A database the project brought with the row already in it proves nothing the app did.
        if (in_server && already_there(context.root(), name)) {
          return {
              Status::fail,
              fmt::format("'{}' was already in {} before the app ran: the row must be one the app writes", holds, name),
              name};
        }
        return {Status::pass, fmt::format("'{}' is stored in {} (table {})", holds, name, search.holding), name};
      }
      looked.push_back(search.error.empty()
                           ? fmt::format("{} (tables: {})", name,
                                         search.tables.empty() ? std::string("none")
                                                               : fmt::format("{}", fmt::join(search.tables, ", ")))
                           : fmt::format("{} ({})", name, search.error));
    }
    return {Status::fail, fmt::format("no SQLite database holds '{}': looked in {}", holds, fmt::join(looked, "; "))};
  }

 private:
  /// Whether the learner's own copy of `name` (not the scratch copy) already holds the text.
  bool already_there(const std::filesystem::path& root, const std::string& name) const {
    const ResolvedPath original = resolve_inside(root, name);
    std::error_code ec;
    return original.ok() && std::filesystem::is_regular_file(original.path, ec) && has_sqlite_header(original.path) &&
           !search_database(original.path, holds).holding.empty();
  }
};

}  // namespace

std::unique_ptr<Check> parse_sqlite_check(SpecMap& spec) {
  auto check = std::make_unique<SqliteCheck>();
  check->holds = spec.string("holds", true).value_or("");
  if (check->holds.empty() && spec.has("holds")) spec.error("holds", "'holds' needs the text a row is to hold");
  return check;
}

}  // namespace labkit
