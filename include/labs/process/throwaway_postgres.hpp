#pragma once
// A PostgreSQL server of labs' own for a probe that needs one (migrations of
// a project written for PostgreSQL): made by Debian's initdb in a temporary
// folder, reached only through a Unix socket there (no TCP port, so nothing
// else on the machine sees it), started around each command and removed
// with the folder.

#include <labs/process/process.hpp>
#include <labs/process/temporary_folder.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

class ThrowawayPostgres {
 public:
  /// The folder of initdb and pg_ctl (Debian's /usr/lib/postgresql/N/bin,
  /// the newest, else PATH); nullopt when PostgreSQL is not installed.
  static std::optional<std::filesystem::path> server_programs();

  /// Why a server cannot be started here ("" when it can): PostgreSQL
  /// refuses to run as root, which only the sandbox's own user avoids.
  static std::string refusal();

  /// A server folder; null with `error` when it cannot be made.
  static std::unique_ptr<ThrowawayPostgres> make(const std::filesystem::path& programs, std::string& error);
  ~ThrowawayPostgres();
  ThrowawayPostgres(const ThrowawayPostgres&) = delete;
  ThrowawayPostgres& operator=(const ThrowawayPostgres&) = delete;

  /// Shell text that starts the server (making the cluster and a database
  /// `labs` the first time), runs `command`, records the tables it left
  /// and stops the server. It exits with the command's status, or with
  /// kServerFailed and the server's last words on stderr when the server
  /// did not start.
  std::string around(const std::string& command) const;
  /// The tables the last command left, Alembic's own bookkeeping aside.
  std::vector<std::string> tables() const;
  /// SQLAlchemy's URL of the database, for a driver such as psycopg2.
  std::string url(const std::string& driver) const;
  /// Lets a sandboxed probe reach the server's folder.
  void show_to(Containment& containment) const { containment.writable.push_back(m_folder->path()); }

  static constexpr int kServerFailed = 125;

 private:
  ThrowawayPostgres() = default;
  std::filesystem::path m_programs;
  std::unique_ptr<TemporaryFolder> m_folder;
};

}  // namespace labkit
