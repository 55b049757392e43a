// The sqlite check on databases made with SQLite itself: a row holding the
// text passes wherever the file is in the project; a database without it, a
// file that only looks like one, and files reached through a virtualenv or a
// symlink do not.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

void make_database(const std::filesystem::path& file, const std::string& sql) {
  std::filesystem::create_directories(file.parent_path());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int done = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(done == SQLITE_OK);
}

const char* const kHolds = "sqlite: {holds: write the API}";

}  // namespace

TEST_CASE("sqlite: a row holding the text, in a database of any name", "[sqlite]") {
  TempDir temp;
  TestRepo repo(temp.path());
  make_database(temp.path() / "data/app.sqlite3",
                "CREATE TABLE users (name TEXT); CREATE TABLE \"task items\" (id INTEGER, title TEXT, done INT);"
                "INSERT INTO \"task items\" VALUES (7, 'write the API today', 0);");
  const auto outcome = run_step(kHolds, temp.path());
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "'write the API' is stored in data/app.sqlite3 (table task items)");
}

TEST_CASE("sqlite: no database, or none holding the text, fails and says where it looked", "[sqlite]") {
  TempDir temp;
  TestRepo repo(temp.path());
  test::write_text(temp.path() / "todo.db", "not a database, just a file called todo.db\n");
  CHECK_THAT(run_step(kHolds, temp.path()).evidence, Catch::StartsWith("no SQLite database file in the project"));
  make_database(temp.path() / "real.db", "CREATE TABLE tasks (title TEXT); INSERT INTO tasks VALUES ('buy milk');");
  const auto outcome = run_step(kHolds, temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence == "no SQLite database holds 'write the API': looked in real.db (tables: tasks)");
}

TEST_CASE("sqlite: databases in a virtualenv or behind a symlink are not the project's", "[sqlite]") {
  TempDir temp, outside;
  TestRepo repo(temp.path());
  const std::string row = "CREATE TABLE tasks (title TEXT); INSERT INTO tasks VALUES ('write the API');";
  test::write_text(temp.path() / "env/pyvenv.cfg", "home = /usr/bin\n");
  make_database(temp.path() / "env/lib/cache.db", row);
  make_database(outside.path() / "todo.db", row);
  std::filesystem::create_symlink(outside.path() / "todo.db", temp.path() / "todo.db");
  std::filesystem::create_directory_symlink(outside.path(), temp.path() / "data");
  const auto outcome = run_step(kHolds, temp.path());
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("no SQLite database file in the project"));
}

TEST_CASE("sqlite: holds is required", "[sqlite]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("sqlite: {}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("holds"));
}
