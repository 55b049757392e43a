#include <labs/process/probe_env.hpp>
#include <labs/process/sandbox.hpp>
#include <labs/process/throwaway_postgres.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace labkit {

namespace fs = std::filesystem;

std::optional<fs::path> ThrowawayPostgres::server_programs() {
  std::optional<fs::path> newest;
  int newest_version = -1;
  std::error_code error;
  for (fs::directory_iterator it("/usr/lib/postgresql", error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    const int version = std::atoi(name.c_str());
    if (version > newest_version && fs::exists(it->path() / "bin" / "initdb", error)) {
      newest_version = version;
      newest = it->path() / "bin";
    }
  }
  if (newest) return newest;
  const char* path = std::getenv("PATH");
  if (const auto initdb = find_program({std::string("PATH=") + (path ? path : "/usr/bin:/bin")}, "initdb");
      !initdb.empty())
    return initdb.parent_path();
  return std::nullopt;
}

std::string ThrowawayPostgres::refusal() {
  if (::geteuid() != 0 || sandbox_active()) return "";
  return "PostgreSQL refuses to run as root, and without the sandbox (bubblewrap) labs has no other user to run "
         "it as";
}

std::unique_ptr<ThrowawayPostgres> ThrowawayPostgres::make(const fs::path& programs, std::string& error) {
  auto folder = TemporaryFolder::make("labs-pg-", "a throwaway PostgreSQL", error);
  if (!folder) return nullptr;
  std::unique_ptr<ThrowawayPostgres> server(new ThrowawayPostgres);
  server->m_programs = programs;
  server->m_folder = std::move(folder);
  return server;
}

ThrowawayPostgres::~ThrowawayPostgres() = default;

std::string ThrowawayPostgres::url(const std::string& driver) const {
  return fmt::format("postgresql+{}://labs@/labs?host={}", driver, m_folder->path().string());
}

std::string ThrowawayPostgres::around(const std::string& command) const {
  const std::string bin = shell_quote(m_programs.string());
  const std::string folder = shell_quote(m_folder->path().string());
  // No fsync and no TCP: the cluster lives for one step and only this
  // step's processes may reach it, through the socket in its folder.
  return fmt::format(
      "B={0}; S={1}\n"
      "fail() {{ echo \"labs: the throwaway PostgreSQL $1:\" >&2; tail -n 5 \"$2\" >&2; exit {2}; }}\n"
      "if [ ! -d \"$S/data\" ]; then\n"
      "  \"$B/initdb\" -N -A trust -U labs -E UTF8 --locale=C -D \"$S/data\" >\"$S/initdb.log\" 2>&1 "
      "|| fail 'could not be made' \"$S/initdb.log\"\n"
      "  fresh=1\n"
      "fi\n"
      "\"$B/pg_ctl\" -D \"$S/data\" -l \"$S/server.log\" -w -t 60 -o \"-F -k $S -c listen_addresses=\" start "
      ">/dev/null 2>&1 || fail 'did not start' \"$S/server.log\"\n"
      "if [ -n \"${{fresh:-}}\" ]; then \"$B/psql\" -h \"$S\" -U labs -d postgres -qAtc 'CREATE DATABASE labs' "
      ">/dev/null 2>\"$S/psql.log\" || fail 'has no database' \"$S/psql.log\"; fi\n"
      "( {3} )\n"
      "status=$?\n"
      "\"$B/psql\" -h \"$S\" -U labs -d labs -qAtc \"SELECT tablename FROM pg_tables WHERE schemaname NOT IN "
      "('pg_catalog', 'information_schema') AND tablename <> 'alembic_version' ORDER BY 1\" >\"$S/tables\" "
      "2>/dev/null\n"
      "\"$B/pg_ctl\" -D \"$S/data\" -m immediate stop >/dev/null 2>&1\n"
      "exit $status\n",
      bin, folder, kServerFailed, command);
}

std::vector<std::string> ThrowawayPostgres::tables() const {
  std::vector<std::string> tables;
  std::ifstream in(m_folder->path() / "tables");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) tables.push_back(line);
  }
  return tables;
}

}  // namespace labkit
