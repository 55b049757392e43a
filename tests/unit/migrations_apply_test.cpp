// The migrations check with `apply: true`, run by Debian's real Alembic on a
// scratch SQLite database: migrations that read fine but do nothing or crash
// fail; a project that takes its URL from the environment passes; the
// learner's own database is never migrated.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/process/throwaway_postgres.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

/// env.py as `alembic init` writes it, cut to the online path.
const char* const kEnvFromIni = R"(from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config

def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                                     poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()

run_migrations_online()
)";

/// env.py of a project whose settings read DATABASE_URL (the ini's URL is a placeholder).
const char* const kEnvFromSettings = R"(import os
from alembic import context
from sqlalchemy import create_engine

url = os.environ.get("DATABASE_URL", "postgresql://app:app@db:5432/app")
with create_engine(url).connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
)";

std::string revision(const std::string& id, const std::string& down, const std::string& upgrade,
                     const std::string& downgrade) {
  return "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '" + id + "'\ndown_revision = " + down +
         "\n\n\ndef upgrade():\n    " + upgrade + "\n\n\ndef downgrade():\n    " + downgrade + "\n";
}

const std::string kCreateTasks =
    "op.create_table('tasks', sa.Column('id', sa.Integer, primary_key=True), sa.Column('title', sa.String(200)))";
const std::string kAddDone = "op.add_column('tasks', sa.Column('done', sa.Boolean, server_default='0'))";

struct AlembicProject {
  TempDir temp;
  TestRepo repo{temp.path()};
  explicit AlembicProject(const char* env = kEnvFromIni) {
    repo.write("alembic.ini",
               "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n\n"
               "[loggers]\nkeys = root\n[handlers]\nkeys =\n[formatters]\nkeys =\n[logger_root]\nlevel = WARN\n"
               "handlers =\n");
    repo.write("migrations/env.py", env);
  }
  StepOutcome apply() { return run_step("migrations: {apply: true, downgrades: true}", temp.path()); }
};

}  // namespace

TEST_CASE("migrations apply: upgrade, downgrade and upgrade again on a scratch SQLite database",
          "[migrations][probes]") {
  AlembicProject p;
  p.repo.write("migrations/versions/001_tasks.py", revision("001", "None", kCreateTasks, "op.drop_table('tasks')"));
  p.repo.write("migrations/versions/002_done.py",
               revision("002", "'001'", kAddDone,
                        "with op.batch_alter_table('tasks') as batch:\n        batch.drop_column('done')"));
  p.repo.write("app.db", "the learner's own database");
  p.repo.commit("Migrations");
  const auto outcome = p.apply();
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence,
             Catch::Contains("`alembic upgrade head` on an empty SQLite database made 1 table(s): tasks"));
  CHECK_THAT(outcome.evidence, Catch::Contains("`downgrade base` removed them and `upgrade head` made them again"));
  CHECK(test::read_text(p.temp.path() / "app.db") == "the learner's own database");
}

TEST_CASE("migrations apply: a project whose env.py reads DATABASE_URL passes too", "[migrations][probes]") {
  AlembicProject p(kEnvFromSettings);
  p.repo.write("migrations/versions/a1_tasks.py", revision("a1", "None", kCreateTasks, "op.drop_table('tasks')"));
  p.repo.commit("Migrations");
  const auto outcome = p.apply();
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
}

TEST_CASE("migrations apply: migrations that read fine but do not work fail", "[migrations][probes]") {
  AlembicProject p;
  SECTION("the upgrade only runs a query") {
    p.repo.write("migrations/versions/001_noop.py",
                 revision("001", "None", "op.execute('SELECT 1')", "op.execute('SELECT 2')"));
    p.repo.commit("Migrations");
    const auto outcome = p.apply();
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("ran but made no table"));
  }
  SECTION("the downgrade drops a table that is not there") {
    p.repo.write("migrations/versions/001_tasks.py", revision("001", "None", kCreateTasks, "op.drop_table('task')"));
    p.repo.commit("Migrations");
    const auto outcome = p.apply();
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("`alembic downgrade base` exited with 1"));
    CHECK_THAT(outcome.evidence, Catch::Contains("no such table: task"));
  }
  SECTION("the downgrade leaves the table behind") {
    p.repo.write("migrations/versions/001_tasks.py",
                 revision("001", "None", kCreateTasks, "op.execute('DELETE FROM tasks')"));
    p.repo.commit("Migrations");
    const auto outcome = p.apply();
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("`alembic downgrade base` left 1 table(s): tasks"));
  }
  SECTION("the upgrade crashes") {
    p.repo.write(
        "migrations/versions/001_tasks.py",
        revision("001", "None", "op.add_column('tasks', sa.Column('x', sa.Integer))", "op.drop_column('tasks', 'x')"));
    p.repo.commit("Migrations");
    const auto outcome = p.apply();
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::Contains("`alembic upgrade head` on an empty SQLite database exited with 1"));
  }
}

TEST_CASE("migrations apply: alembic.ini in a subfolder of a bigger repository is found and run there",
          "[migrations][probes]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("frontend/package.json", "{}\n");
  repo.write("backend/alembic.ini", "[alembic]\nscript_location = %(here)s/db\nsqlalchemy.url = sqlite:///app.db\n");
  repo.write("backend/db/env.py", kEnvFromIni);
  repo.write("backend/db/versions/001_tasks.py", revision("001", "None", kCreateTasks, "op.drop_table('tasks')"));
  repo.commit("Monorepo");
  const auto outcome = run_step("migrations: {apply: true, downgrades: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::StartsWith("backend/db/versions: 1 revision(s) in one chain"));
}

namespace {

/// A revision only PostgreSQL can run: SQLite has no JSONB and no schemas.
const std::string kPostgresOnly =
    "op.execute('CREATE SCHEMA app')\n    op.create_table('events', sa.Column('id', sa.Integer, primary_key=True), "
    "sa.Column('payload', sa.dialects.postgresql.JSONB), schema='app')";

bool postgres_usable() { return ThrowawayPostgres::server_programs() && ThrowawayPostgres::refusal().empty(); }

}  // namespace

TEST_CASE("migrations apply: a project written for PostgreSQL runs on a throwaway PostgreSQL",
          "[migrations][probes][postgres]") {
  REQUIRE(postgres_usable());
  AlembicProject p(kEnvFromSettings);
  p.repo.write("requirements.txt", "alembic==1.8.1\npsycopg2-binary==2.9.5\n");
  p.repo.write("migrations/versions/001_events.py",
               "import sqlalchemy.dialects.postgresql\n" + revision("001", "None", kPostgresOnly,
                                                                    "op.drop_table('events', schema='app')\n    "
                                                                    "op.execute('DROP SCHEMA app')"));
  p.repo.commit("Migrations for PostgreSQL");
  const auto outcome = p.apply();
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence,
             Catch::Contains("`alembic upgrade head` on an empty PostgreSQL database made 1 table(s): events"));
  CHECK_THAT(outcome.evidence, Catch::Contains("`downgrade base` removed them"));

  SECTION("the same revision on SQLite, asked for by the lab, fails with SQLite's words") {
    const auto on_sqlite = run_step("migrations: {apply: true, database: sqlite}", p.temp.path());
    INFO(on_sqlite.evidence);
    CHECK(on_sqlite.status == Status::fail);
    CHECK_THAT(on_sqlite.evidence, Catch::Contains("on an empty SQLite database exited with 1"));
  }
}

TEST_CASE("migrations apply: a PostgreSQL downgrade that leaves a table fails on PostgreSQL too",
          "[migrations][probes][postgres]") {
  REQUIRE(postgres_usable());
  AlembicProject p(kEnvFromSettings);
  p.repo.write("migrations/versions/001_tasks.py",
               revision("001", "None", kCreateTasks, "op.execute('DELETE FROM tasks')"));
  p.repo.commit("Migrations");
  const auto outcome = p.apply();
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("on an empty PostgreSQL database made 1 table(s): tasks"));
  CHECK_THAT(outcome.evidence, Catch::Contains("`alembic downgrade base` left 1 table(s): tasks"));
}

TEST_CASE("migrations apply: without a PostgreSQL driver, auto says so and runs on SQLite, postgres is skipped",
          "[migrations][probes][postgres]") {
  REQUIRE(postgres_usable());
  AlembicProject p;
  // An async env.py needs asyncpg, which Debian's python3 here does not have.
  p.repo.write("migrations/env.py",
               std::string("from sqlalchemy.ext.asyncio import async_engine_from_config\n") + kEnvFromIni);
  p.repo.write("requirements.txt", "alembic\nasyncpg\n");
  p.repo.write("migrations/versions/001_tasks.py", revision("001", "None", kCreateTasks, "op.drop_table('tasks')"));
  p.repo.commit("Migrations");
  const auto automatic = p.apply();
  INFO(automatic.evidence);
  CHECK(automatic.status == Status::pass);
  CHECK_THAT(automatic.evidence, Catch::Contains("your environment has no PostgreSQL driver (asyncpg)"));
  const auto demanded = run_step("migrations: {apply: true, database: postgres}", p.temp.path());
  INFO(demanded.evidence);
  CHECK(demanded.status == Status::skip);
  CHECK_THAT(demanded.evidence, Catch::Contains("so the migrations were not run"));
}
