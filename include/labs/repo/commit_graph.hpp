#pragma once

#include <git2.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

namespace labkit {

/// Git's commit-graph file (`objects/info/commit-graph`, format in git's
/// Documentation/gitformat-commit-graph), read directly. libgit2 1.5 opens it
/// but its revision walk still inflates every commit; with the graph a
/// 100,000-commit history is walked from a few megabytes of parent indices.
/// Every offset is checked: a corrupt file is rejected, never trusted.
class CommitGraph {
 public:
  static constexpr std::uint32_t kNoParent = 0x70000000;

  /// nullopt when the repository has no single-file graph or it is invalid.
  static std::optional<CommitGraph> open(const std::filesystem::path& objects_dir);

  std::uint32_t size() const { return m_count; }
  /// The graph position of a commit, if the graph holds it.
  std::optional<std::uint32_t> find(const git_oid& id) const;
  /// Calls `visit(parent_position)` for each parent; false when the entry is
  /// malformed (e.g. an index beyond the graph).
  template <typename Visit>
  bool for_each_parent(std::uint32_t position, Visit visit) const;

 private:
  struct Mapping;
  CommitGraph(std::shared_ptr<const Mapping> mapping, const unsigned char* fanout, const unsigned char* oids,
              const unsigned char* data, const unsigned char* edges, std::size_t edge_count, std::uint32_t count);
  static std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
  }

  std::shared_ptr<const Mapping> m_mapping;
  const unsigned char* m_fanout;
  const unsigned char* m_oids;
  const unsigned char* m_data;
  const unsigned char* m_edges;
  std::size_t m_edge_count;
  std::uint32_t m_count;
};

template <typename Visit>
bool CommitGraph::for_each_parent(std::uint32_t position, Visit visit) const {
  constexpr std::size_t kEntry = 36;  // tree id, parent 1, parent 2, generation and time
  const unsigned char* entry = m_data + std::size_t(position) * kEntry;
  const std::uint32_t first = be32(entry + 20);
  const std::uint32_t second = be32(entry + 24);
  if (first != kNoParent) {
    if (first >= m_count) return false;
    visit(first);
  }
  if (second == kNoParent) return true;
  if (!(second & 0x80000000u)) {
    if (second >= m_count) return false;
    visit(second);
    return true;
  }
  // An octopus merge: its second and later parents are listed in the EDGE chunk.
  for (std::size_t at = second & 0x7fffffffu; at < m_edge_count; ++at) {
    const std::uint32_t edge = be32(m_edges + at * 4);
    const std::uint32_t parent = edge & 0x7fffffffu;
    if (parent >= m_count) return false;
    visit(parent);
    if (edge & 0x80000000u) return true;
  }
  return false;
}

}  // namespace labkit
