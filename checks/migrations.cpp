// The `migrations` check: Alembic revisions present and chained into one
// line from a single base to a single head, as `alembic upgrade head` needs,
// each with an upgrade that changes something and a downgrade that undoes it.
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>

#include <boost/regex.hpp>
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

class MigrationsCheck final : public Check {
 public:
  std::string folder;  ///< "" = script_location of alembic.ini, else alembic/ or migrations/
  std::optional<CountRange> revisions;
  bool downgrades = false;

  std::string describe() const override {
    std::string text = fmt::format("Alembic revisions in {} chained from one base to one head",
                                   folder.empty() ? "the script_location of alembic.ini" : folder + "/versions");
    if (revisions) text += fmt::format(", {}", revisions->describe());
    if (downgrades) text += ", each with a downgrade";
    return text;
  }

  StepOutcome run(const CheckContext& context) const override {
    const std::string location = script_location(context.root());
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
    return {Status::pass, fmt::format("{}/versions: {} revision(s) in one chain", location, chain.size())};
  }

 private:
  std::string script_location(const fs::path& root) const {
    if (!folder.empty()) return folder;
    if (const auto ini = read_repo_text(root, "alembic.ini", 1 << 20)) {
      boost::smatch found;
      if (boost::regex_search(*ini, found,
                              boost::regex(R"((?:^|\n)\s*script_location\s*=\s*(?:%\(here\)s/)?([^\s%]+))"))) {
        std::string location = found[1].str();
        if (location.rfind("./", 0) == 0) location.erase(0, 2);
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
  return check;
}

}  // namespace labkit
