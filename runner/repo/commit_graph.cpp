#include <labs/repo/commit_graph.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace labkit {

struct CommitGraph::Mapping {
  void* address = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (address != MAP_FAILED) ::munmap(address, size);
  }
};

namespace {

constexpr std::size_t kHeader = 8;
constexpr std::size_t kChunkEntry = 12;
constexpr std::size_t kOidSize = 20;
constexpr std::size_t kDataEntry = 36;

std::uint64_t be64(const unsigned char* p) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | p[i];
  return value;
}

}  // namespace

CommitGraph::CommitGraph(std::shared_ptr<const Mapping> mapping, const unsigned char* fanout, const unsigned char* oids,
                         const unsigned char* data, const unsigned char* edges, std::size_t edge_count,
                         std::uint32_t count)
    : m_mapping(std::move(mapping)),
      m_fanout(fanout),
      m_oids(oids),
      m_data(data),
      m_edges(edges),
      m_edge_count(edge_count),
      m_count(count) {}

std::optional<CommitGraph> CommitGraph::open(const std::filesystem::path& objects_dir) {
  const int fd = ::open((objects_dir / "info" / "commit-graph").c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  auto mapping = std::make_shared<Mapping>();
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    mapping->size = static_cast<std::size_t>(info.st_size);
    mapping->address = ::mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (mapping->address == MAP_FAILED) return std::nullopt;
  const auto* file = static_cast<const unsigned char*>(mapping->address);
  const std::size_t size = mapping->size;

  // Header: "CGPH", version 1, hash version 1 (SHA-1), chunk count, base graphs (0: not a split chain).
  if (size < kHeader || std::memcmp(file, "CGPH", 4) != 0 || file[4] != 1 || file[5] != 1 || file[7] != 0) {
    return std::nullopt;
  }
  const std::size_t chunks = file[6];
  if (size < kHeader + (chunks + 1) * kChunkEntry) return std::nullopt;
  const unsigned char *fanout = nullptr, *oids = nullptr, *data = nullptr, *edges = nullptr;
  std::size_t oids_size = 0, data_size = 0, edges_size = 0, fanout_size = 0;
  for (std::size_t i = 0; i < chunks; ++i) {
    const unsigned char* entry = file + kHeader + i * kChunkEntry;
    const std::uint64_t start = be64(entry + 4);
    const std::uint64_t end = be64(entry + kChunkEntry + 4);
    if (start > end || end > size) return std::nullopt;
    const unsigned char* chunk = file + start;
    const std::size_t length = static_cast<std::size_t>(end - start);
    if (std::memcmp(entry, "OIDF", 4) == 0) fanout = chunk, fanout_size = length;
    if (std::memcmp(entry, "OIDL", 4) == 0) oids = chunk, oids_size = length;
    if (std::memcmp(entry, "CDAT", 4) == 0) data = chunk, data_size = length;
    if (std::memcmp(entry, "EDGE", 4) == 0) edges = chunk, edges_size = length;
  }
  if (!fanout || fanout_size != std::size_t{256} * 4 || !oids || !data) return std::nullopt;
  const std::uint32_t count = be32(fanout + std::size_t{255} * 4);
  if (oids_size != std::size_t(count) * kOidSize || data_size != std::size_t(count) * kDataEntry) return std::nullopt;
  for (std::size_t i = 1; i < 256; ++i) {
    if (be32(fanout + (i - 1) * 4) > be32(fanout + i * 4)) return std::nullopt;
  }
  return CommitGraph(std::move(mapping), fanout, oids, data, edges, edges_size / 4, count);
}

std::optional<std::uint32_t> CommitGraph::find(const git_oid& id) const {
  const unsigned char first = id.id[0];
  std::uint32_t low = first == 0 ? 0 : be32(m_fanout + std::size_t(first - 1) * 4);
  std::uint32_t high = be32(m_fanout + std::size_t{first} * 4);
  while (low < high) {
    const std::uint32_t middle = low + (high - low) / 2;
    const int order = std::memcmp(m_oids + std::size_t(middle) * kOidSize, id.id, kOidSize);
    if (order == 0) return middle;
    if (order < 0)
      low = middle + 1;
    else
      high = middle;
  }
  return std::nullopt;
}

}  // namespace labkit
