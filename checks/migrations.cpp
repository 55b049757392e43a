// The `migrations` check: Alembic revisions present and chained into one
// line from a single base to a single head, as `alembic upgrade head` needs,
// each with an upgrade that changes something and a downgrade that undoes it.
// With `apply: true` the chain is then run for real in a scratch copy, on a
// database of its own — a throwaway PostgreSQL for a project written for it,
// else SQLite: `upgrade head` must make tables, `downgrade base` must take
// them away again, and a second `upgrade head` must work.
#include <labs/base/strings.hpp>
#include <labs/base/text_match.hpp>
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/scratch_copy.hpp>
#include <labs/process/throwaway_postgres.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>

#include <sqlite3.h>
#include <boost/regex.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

struct Revision {
  std::string file;
  std::vector<std::string> parents;  ///< down_revision: none for the base, two for a merge
  bool changes = false;              ///< upgrade() calls op.* (or runs SQL)
  bool undoes = false;               ///< downgrade() does more than pass
};

/// The body of `def name(...)`: the indented lines after it, comments and
/// docstring quotes aside.
std::vector<std::string> function_body(const std::string& text, const std::string& name) {
  std::vector<std::string> body;
  std::istringstream in(text);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(" \t");
    if (!inside) {
      inside = line.rfind("def " + name + "(", 0) == 0;
      continue;
    }
    if (start == std::string::npos) continue;
    if (start == 0) break;
    std::string code = line.substr(start);
    if (code[0] == '#' || code.rfind("\"\"\"", 0) == 0 || code.rfind("'''", 0) == 0) continue;
    body.push_back(code);
  }
  return body;
}

bool does_something(const std::vector<std::string>& body) {
  return std::any_of(body.begin(), body.end(), [](const std::string& line) { return line != "pass" && line != "..."; });
}

/// The tables of a SQLite database but Alembic's own bookkeeping.
std::vector<std::string> tables_of(const std::filesystem::path& database) {
  std::vector<std::string> tables;
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(database.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* query = nullptr;
    if (sqlite3_prepare_v2(raw,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                           -1, &query, nullptr) == SQLITE_OK) {
      while (sqlite3_step(query) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
    }
    sqlite3_finalize(query);
  }
  sqlite3_close(raw);
  return tables;
}

/// alembic.ini with its database set to `url`: the learner's own database
/// is never the one migrated.
bool point_ini_at(const std::filesystem::path& ini, const std::string& url) {
  std::ifstream in(ini);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const boost::regex url_line(R"((^|\n)(\s*sqlalchemy\.url\s*=)[^\n]*)");
  text = boost::regex_search(text, url_line) ? boost::regex_replace(text, url_line, "$1$2 " + url)
                                             : text + "\n[alembic]\nsqlalchemy.url = " + url + "\n";
  std::ofstream out(ini, std::ios::trunc);
  return static_cast<bool>(out << text);
}

/// A line the learner can act on, from the end of Alembic's output.
std::string alembic_problem(const ProcessResult& result) {
  const std::string output = last_lines(result.err.empty() ? result.out : result.err, 6);
  if (result.timed_out) return "did not finish in time";
  return fmt::format("exited with {}{}", result.exit_code, output.empty() ? "" : "; its last output:\n" + output);
}

/// The database the migrations are applied to.
enum class Database { automatic, sqlite, postgres };

class MigrationsCheck final : public Check {
 public:
  std::string folder;  ///< "" = script_location of alembic.ini, else alembic/ or migrations/
  std::optional<CountRange> revisions;
  bool downgrades = false;
  bool apply = false;  ///< run upgrade/downgrade for real on a scratch database
  Database database = Database::automatic;
  std::optional<std::chrono::milliseconds> timeout;

  std::optional<Probing> probing() const override {
    if (!apply) return std::nullopt;
    return Probing{true, true};
  }

  std::string describe() const override {
    std::string text = fmt::format("Alembic revisions in {} chained from one base to one head",
                                   folder.empty() ? "the script_location of alembic.ini" : folder + "/versions");
    if (revisions) text += fmt::format(", {}", revisions->describe());
    if (downgrades) text += ", each with a downgrade";
    if (apply) {
      text += database == Database::postgres ? "; applied for real on a throwaway PostgreSQL database"
              : database == Database::sqlite ? "; applied for real on a scratch SQLite database"
                                             : "; applied for real on a throwaway PostgreSQL database when the "
                                               "project is written for PostgreSQL, else on a scratch SQLite one";
    }
    return text;
  }

  StepOutcome run(const CheckContext& context) const override {
    const std::string ini = find_ini(context);
    const std::string location = script_location(context.root(), ini);
    if (location.empty())
      return {Status::fail,
              "no Alembic setup: no alembic.ini with script_location, no alembic/versions (alembic init alembic)",
              "alembic.ini"};
    std::map<std::string, Revision> chain;
    std::vector<std::string> problems;
    static const boost::regex revision_line(R"((?:^|\n)revision\s*(?::[^=\n]*)?=\s*['"]([^'"]+)['"])");
    static const boost::regex down_line(R"((?:^|\n)down_revision\s*(?::[^=\n]*)?=\s*([^\n]*))");
    static const boost::regex quoted(R"(['"]([^'"]+)['"])");
    for (const auto& file : own_files(context.repo, location + "/versions/*.py")) {
      const auto text = read_repo_text(context.root(), file, 1 << 20);
      boost::smatch id, down;
      if (!text || fs::path(file).filename() == "__init__.py") continue;
      if (!boost::regex_search(*text, id, revision_line) || !boost::regex_search(*text, down, down_line)) {
        problems.push_back(
            fmt::format("{}: no revision = '...' and down_revision = ... (made with alembic revision?)", file));
        continue;
      }
      Revision revision{file, {}, false, false};
      const std::string parents = down[1].str();
      for (boost::sregex_iterator it(parents.begin(), parents.end(), quoted), end; it != end; ++it)
        revision.parents.push_back((*it)[1].str());
      const auto upgrade = function_body(*text, "upgrade");
      revision.changes = std::any_of(upgrade.begin(), upgrade.end(),
                                     [](const std::string& line) { return line.find("op.") != std::string::npos; });
      revision.undoes = does_something(function_body(*text, "downgrade"));
      if (!chain.emplace(id[1].str(), revision).second) {
        problems.push_back(
            fmt::format("{}: revision {} is also used by {}", file, id[1].str(), chain[id[1].str()].file));
      }
    }
    if (chain.empty() && problems.empty()) {
      return {
          Status::fail,
          fmt::format("no migrations in {}/versions (alembic revision --autogenerate -m \"create tables\")", location),
          location};
    }
    judge_chain(chain, problems);
    for (const auto& [id, revision] : chain) {
      if (!revision.changes)
        problems.push_back(fmt::format("{}: upgrade() changes nothing (no op.* call)", revision.file));
      if (downgrades && !revision.undoes)
        problems.push_back(fmt::format("{}: downgrade() does nothing; it should undo the upgrade", revision.file));
    }
    if (revisions && !revisions->contains(static_cast<long>(chain.size()))) {
      problems.push_back(fmt::format("{} revision(s), need {}", chain.size(), revisions->describe()));
    }
    if (!problems.empty()) return {Status::fail, fmt::format("{}", fmt::join(problems, "\n")), location};
    const std::string read = fmt::format("{}/versions: {} revision(s) in one chain", location, chain.size());
    return apply ? apply_for_real(context, ini, location, read) : StepOutcome{Status::pass, read};
  }

 private:
  StepOutcome apply_for_real(const CheckContext& context, const std::string& ini, const std::string& location,
                             const std::string& read) const {
    if (ini.empty())
      return {Status::fail, read + "; no alembic.ini, so `alembic upgrade head` cannot run (alembic init makes one)",
              "alembic.ini"};
    std::string error;
    const auto copy = ScratchCopy::make(context.root(), error);
    if (!copy) return {Status::error, "could not make a scratch copy of the work tree: " + error};
    // Alembic runs where alembic.ini is, the only folder the sandbox shows it.
    const std::filesystem::path folder = (copy->tree() / ini).parent_path();
    const auto request = [&](const std::string& command, const std::vector<std::string>& assignments) {
      ProcessRequest made{command, folder, timeout.value_or(context.settings.default_timeout), 1 << 20,
                          probe_environment(context.root(), {}, assignments)};
      copy->show_links(made.containment);
      return made;
    };
    const std::string python = "py=" + python_with("alembic") + "; py=${py:-python3}; ";

    std::string skip;
    const auto target = choose_database(context, ini, location, request, python, folder / ".labs-migrations.db", skip);
    if (!skip.empty()) return {Status::skip, fmt::format("{}; {}, so the migrations were not run", read, skip)};
    const auto& postgres = target.postgres;
    const std::string& url = target.url;
    const std::string& empty_database = target.description;
    if (!point_ini_at(copy->tree() / ini, url))
      return {Status::error, "could not write alembic.ini in the scratch copy"};
    // env.py often takes the URL from the app's settings, which read one of these.
    std::vector<std::string> assignments{"PYTHONDONTWRITEBYTECODE=1"};
    for (const char* name : {"DATABASE_URL", "DB_URL", "SQLALCHEMY_DATABASE_URL", "SQLALCHEMY_DATABASE_URI"})
      assignments.push_back(std::string(name) + "=" + url);
    const auto alembic = [&](const std::string& arguments) {
      const std::string command = "\"$py\" -m alembic " + arguments;
      ProcessRequest made = request(python + (postgres ? postgres->around(command) : "exec " + command), assignments);
      if (postgres) postgres->show_to(made.containment);
      return run_process(made);
    };
    const auto tables = [&] { return postgres ? postgres->tables() : tables_of(target.sqlite_file); };
    const auto server_failure = [&](const ProcessResult& result) {
      return postgres && result.exit_code == ThrowawayPostgres::kServerFailed &&
             result.err.find("labs: the throwaway PostgreSQL") != std::string::npos;
    };

    const ProcessResult up = alembic("upgrade head");
    if (!up.launch_error.empty()) return {Status::error, "could not start alembic: " + up.launch_error};
    if (server_failure(up)) return {Status::error, last_lines(up.err, 6)};
    if (up.err.find("No module named alembic") != std::string::npos)
      return {Status::skip, read + "; Alembic is not installed in your environment, so the migrations were not run"};
    if (up.exit_code != 0 || up.timed_out)
      return {Status::fail,
              fmt::format("{}; `alembic upgrade head` on {} {}", read, empty_database, alembic_problem(up))};
    const auto made = tables();
    if (made.empty())
      return {Status::fail,
              fmt::format("{}; `alembic upgrade head` ran but made no table in {} labs gave it (does "
                          "env.py use the sqlalchemy.url of alembic.ini or DATABASE_URL?){}",
                          read, empty_database, up.err.empty() ? "" : "; its last output:\n" + last_lines(up.err, 6))};
    std::string evidence = fmt::format("{}; `alembic upgrade head` on {} made {} table(s): {}", read, empty_database,
                                       made.size(), fmt::join(made, ", "));
    if (!downgrades) return {Status::pass, evidence};
    const ProcessResult down = alembic("downgrade base");
    if (server_failure(down)) return {Status::error, last_lines(down.err, 6)};
    if (down.exit_code != 0 || down.timed_out)
      return {Status::fail, fmt::format("{}; `alembic downgrade base` {}", evidence, alembic_problem(down))};
    if (const auto left = tables(); !left.empty())
      return {Status::fail, fmt::format("{}; `alembic downgrade base` left {} table(s): {}", evidence, left.size(),
                                        fmt::join(left, ", "))};
    const ProcessResult again = alembic("upgrade head");
    if (server_failure(again)) return {Status::error, last_lines(again.err, 6)};
    if (again.exit_code != 0 || again.timed_out)
      return {Status::fail, fmt::format("{}; after downgrade base, a second `alembic upgrade head` {}", evidence,
                                        alembic_problem(again))};
    return {Status::pass, evidence + "; `downgrade base` removed them and `upgrade head` made them again"};
  }

  struct Target {
    std::unique_ptr<ThrowawayPostgres> postgres;  ///< null: SQLite
    std::filesystem::path sqlite_file;
    std::string url;
    std::string description;  ///< "an empty PostgreSQL database"
  };

  /// The database the migrations run on; `skip` gets why none can when
  /// the lab demands PostgreSQL and it cannot be used here.
  template <typename MakeRequest>
  Target choose_database(const CheckContext& context, const std::string& ini, const std::string& location,
                         const MakeRequest& request, const std::string& python, const fs::path& sqlite_file,
                         std::string& skip) const {
    Target target;
    std::string note;  // why PostgreSQL was not used where the project asks for it
    if (database != Database::sqlite && (database == Database::postgres || targets_postgres(context, ini, location))) {
      std::string driver;
      const auto programs = ThrowawayPostgres::server_programs();
      std::string why = !programs ? "PostgreSQL is not installed here (apt install postgresql)"
                                  : postgres_unavailable(request, python, is_async(context.root(), location), driver);
      if (why.empty()) {
        target.postgres = ThrowawayPostgres::make(*programs, why);
        if (target.postgres) target.url = target.postgres->url(driver);
      }
      if (!why.empty() && database == Database::postgres) skip = why;
      if (!why.empty()) note = fmt::format(" (the project is written for PostgreSQL, but {})", why);
    }
    if (target.postgres) {
      target.description = "an empty PostgreSQL database";
    } else {
      target.sqlite_file = sqlite_file;
      target.url = "sqlite:///" + sqlite_file.string();
      target.description = "an empty SQLite database" + note;
    }
    return target;
  }

  /// Whether the project is written for PostgreSQL: its Alembic setup or its
  /// dependencies name it or one of its drivers.
  static bool targets_postgres(const CheckContext& context, const std::string& ini, const std::string& location) {
    std::vector<std::string> files{ini, location + "/env.py"};
    const auto specs = discover_project(context.repo).dependency_specs;
    files.insert(files.end(), specs.begin(), specs.end());
    static const boost::regex postgres_word(R"(postgres|psycopg|asyncpg)", boost::regex::icase);
    return std::any_of(files.begin(), files.end(), [&](const std::string& file) {
      const auto text = read_repo_text(context.root(), file, 1 << 20);
      return text && boost::regex_search(*text, postgres_word);
    });
  }

  /// Whether env.py runs the migrations through an async engine (Alembic's
  /// `async` template), which needs asyncpg rather than psycopg.
  static bool is_async(const fs::path& root, const std::string& location) {
    const auto text = read_repo_text(root, location + "/env.py", 1 << 20);
    return text && (text->find("async_engine_from_config") != std::string::npos ||
                    text->find("create_async_engine") != std::string::npos);
  }

  /// Why an installed PostgreSQL cannot serve these migrations ("" when it
  /// can); `driver` gets the SQLAlchemy driver the learner's Python has.
  template <typename MakeRequest>
  static std::string postgres_unavailable(const MakeRequest& request, const std::string& python, bool async,
                                          std::string& driver) {
    if (auto refusal = ThrowawayPostgres::refusal(); !refusal.empty()) return refusal;
    const std::string drivers = async ? "asyncpg" : "psycopg2 psycopg";
    const ProcessResult found =
        run_process(request(python + "for m in " + drivers +
                                "; do \"$py\" -c \"import $m\" 2>/dev/null && { echo $m; exit 0; }; done; exit 1",
                            {}));
    driver = trimmed(found.out);
    if (found.exit_code != 0 || driver.empty())
      return fmt::format("your environment has no PostgreSQL driver ({})", async ? "asyncpg" : "psycopg2 or psycopg");
    return "";
  }

  /// alembic.ini at the root, else the least deep one (backend/alembic.ini
  /// in a repository that holds more than the API); "" when there is none.
  static std::string find_ini(const CheckContext& context) {
    std::error_code missing;
    if (fs::is_regular_file(context.root() / "alembic.ini", missing)) return "alembic.ini";
    return preferred_candidate(own_files(context.repo, "**/alembic.ini"));
  }

  /// The folder of the revisions, repo-relative: Alembic reads
  /// script_location from the folder alembic.ini is in.
  std::string script_location(const fs::path& root, const std::string& ini_file) const {
    if (!folder.empty()) return folder;
    if (const auto ini = ini_file.empty() ? std::nullopt : read_repo_text(root, ini_file, 1 << 20)) {
      boost::smatch found;
      if (boost::regex_search(*ini, found,
                              boost::regex(R"((?:^|\n)\s*script_location\s*=\s*(?:%\(here\)s/)?([^\s%]+))"))) {
        std::string location = found[1].str();
        if (location.rfind("./", 0) == 0) location.erase(0, 2);
        location = (fs::path(ini_file).parent_path() / location).generic_string();
        if (path_shape_problem(location).empty()) return location;
      }
    }
    for (const char* candidate : {"alembic", "migrations"}) {
      std::error_code error;
      const ResolvedPath resolved = resolve_inside(root, std::string(candidate) + "/versions");
      if (resolved.ok() && fs::is_directory(resolved.path, error)) return candidate;
    }
    return "";
  }

  static void judge_chain(const std::map<std::string, Revision>& chain, std::vector<std::string>& problems) {
    std::set<std::string> has_child;
    std::vector<std::string> bases;
    for (const auto& [id, revision] : chain) {
      if (revision.parents.empty()) bases.push_back(id);
      for (const auto& parent : revision.parents) {
        if (!chain.count(parent))
          problems.push_back(fmt::format("{}: down_revision {} is no revision here", revision.file, parent));
        has_child.insert(parent);
      }
    }
    std::vector<std::string> heads;
    for (const auto& [id, revision] : chain) {
      if (!has_child.count(id)) heads.push_back(id);
    }
    if (bases.size() > 1)
      problems.push_back(fmt::format("{} first migrations (down_revision = None): {}; a chain has one", bases.size(),
                                     fmt::join(bases, ", ")));
    if (bases.empty() && !chain.empty())
      problems.push_back("no first migration (down_revision = None): the revisions form a loop");
    if (heads.size() > 1)
      problems.push_back(
          fmt::format("{} heads: {} (alembic merge heads -m \"merge\")", heads.size(), fmt::join(heads, ", ")));
    if (heads.empty() && !chain.empty()) problems.push_back("no head: the revisions form a loop");
    if (heads.size() != 1) return;
    // From the head down, every revision must be reached; one that is not sits in a loop.
    std::set<std::string> reached;
    std::vector<std::string> pending{heads.front()};
    while (!pending.empty()) {
      const std::string id = pending.back();
      pending.pop_back();
      const auto found = chain.find(id);
      if (found == chain.end() || !reached.insert(id).second) continue;
      pending.insert(pending.end(), found->second.parents.begin(), found->second.parents.end());
    }
    for (const auto& [id, revision] : chain) {
      if (!reached.count(id))
        problems.push_back(
            fmt::format("{}: revision {} is in a loop, not on the line from the head", revision.file, id));
    }
  }
};

}  // namespace

std::unique_ptr<Check> parse_migrations_check(SpecMap& spec) {
  auto check = std::make_unique<MigrationsCheck>();
  check->folder = spec.one_path("dir").value_or("");
  if (auto problem = path_shape_problem(check->folder); !check->folder.empty() && !problem.empty())
    spec.error("dir", problem);
  if (spec.has("revisions"))
    check->revisions = read_count_range(spec.node("revisions"), "revisions", spec.file(), spec.diagnostics());
  check->downgrades = spec.boolean("downgrades").value_or(false);
  check->apply = spec.boolean("apply").value_or(false);
  if (const auto name = spec.string("database")) {
    if (*name == "sqlite")
      check->database = Database::sqlite;
    else if (*name == "postgres")
      check->database = Database::postgres;
    else if (*name != "auto")
      spec.error("database", "must be auto, sqlite or postgres");
  }
  check->timeout = spec.seconds("timeout", 3600);
  return check;
}

}  // namespace labkit
