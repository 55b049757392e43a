#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/repo/commit_graph.hpp>
#include <labs/repo/repo.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace labkit;
using test::run_shell;
using test::TempDir;

namespace {

/// A history with branches, a two-parent merge and an octopus merge, made
/// with git fast-import so the commit-graph comes from git itself.
void make_history(const std::filesystem::path& dir) {
  const std::string stream = dir.string() + ".stream";
  std::ofstream out(stream);
  int mark = 0;
  const auto commit = [&](const std::string& branch, int from, std::vector<int> merges) {
    ++mark;
    out << "commit refs/heads/" << branch << "\nmark :" << mark << "\ncommitter T <t@example.com> " << 1600000000 + mark
        << " +0000\ndata 8\ncommit " << mark % 10 << "\n";
    if (from) out << "from :" << from << "\n";
    for (int m : merges) out << "merge :" << m << "\n";
    out << "M 644 inline f" << mark << ".txt\ndata 2\nx\n";
    return mark;
  };
  const int root = commit("main", 0, {});
  const int a = commit("a", root, {});
  const int b = commit("b", root, {});
  const int c = commit("c", root, {});
  const int two = commit("main", root, {a});
  const int octopus = commit("main", two, {b, c});
  commit("main", octopus, {});
  out << "done\n";
  out.close();
  REQUIRE(run_shell("git init -q -b main " + dir.string() + " && git -C " + dir.string() + " fast-import --quiet < " +
                    stream + " && git -C " + dir.string() + " checkout -q main") == 0);
}

std::size_t labs_count(const std::filesystem::path& dir) {
  auto opened = Repo::open(dir, false);
  REQUIRE(opened.repo);
  const HistoryWalk walk = opened.repo->count_history();
  REQUIRE(walk.error.empty());
  return walk.visited;
}

std::size_t git_count(const std::filesystem::path& dir) {
  const auto file = dir.string() + ".count";
  REQUIRE(run_shell("git -C " + dir.string() + " rev-list --count HEAD > " + file) == 0);
  std::size_t count = 0;
  std::ifstream(file) >> count;
  return count;
}

}  // namespace

TEST_CASE("commit-graph: counts match git with merges and an octopus", "[commit-graph]") {
  TempDir temp;
  const auto dir = temp.path() / "repo";
  make_history(dir);
  REQUIRE(git_count(dir) == 7);
  CHECK(labs_count(dir) == 7);  // without a graph: libgit2's walk
  REQUIRE(run_shell("git -C " + dir.string() + " commit-graph write --reachable") == 0);
  const auto graph = CommitGraph::open(dir / ".git/objects");
  REQUIRE(graph.has_value());
  CHECK(graph->size() == 7);
  CHECK(labs_count(dir) == 7);
}

TEST_CASE("commit-graph: commits newer than the graph are still counted", "[commit-graph]") {
  TempDir temp;
  const auto dir = temp.path() / "repo";
  make_history(dir);
  REQUIRE(run_shell("git -C " + dir.string() + " commit-graph write --reachable") == 0);
  REQUIRE(run_shell("git -C " + dir.string() + " -c user.name=T -c user.email=t@e commit -q --allow-empty -m later") ==
          0);
  CHECK(git_count(dir) == 8);
  CHECK(labs_count(dir) == 8);
}

TEST_CASE("commit-graph: a corrupt or foreign file is rejected, the count stays right", "[commit-graph][security]") {
  TempDir temp;
  const auto dir = temp.path() / "repo";
  make_history(dir);
  REQUIRE(run_shell("git -C " + dir.string() + " commit-graph write --reachable") == 0);
  const auto file = dir / ".git/objects/info/commit-graph";
  std::filesystem::permissions(file, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  SECTION("truncated") {
    std::filesystem::resize_file(file, 100);
    CHECK_FALSE(CommitGraph::open(dir / ".git/objects").has_value());
  }
  SECTION("garbage") {
    std::ofstream(file, std::ios::trunc) << "not a commit graph at all";
    CHECK_FALSE(CommitGraph::open(dir / ".git/objects").has_value());
  }
  SECTION("a parent index beyond the graph") {
    std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(io)), {});
    const auto cdat = bytes.find("CDAT");
    REQUIRE(cdat != std::string::npos);
    std::uint64_t offset = 0;
    for (int i = 0; i < 8; ++i) offset = (offset << 8) | static_cast<unsigned char>(bytes[cdat + 4 + i]);
    for (std::uint64_t entry = 0; entry < 7; ++entry) {
      io.seekp(static_cast<std::streamoff>(offset + entry * 36 + 20));
      io.write("\x00\x00\x10\x00", 4);  // parent 4096 of a 7-commit graph
    }
  }
  CHECK(labs_count(dir) == 7);
}
