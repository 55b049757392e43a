#include <labs/process/scratch_copy.hpp>
#include <labs/repo/git_tree.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

namespace labkit {

namespace fs = std::filesystem;

namespace {

/// Folders a probe rebuilds as it needs them: copying them costs time and
/// can only make a probe see stale bytecode.
bool is_cache_folder(const std::string& name) {
  static const std::set<std::string> kCaches{"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                                             ".hypothesis"};
  return kCaches.contains(name);
}

/// What the copy will hold, planned before a byte is written so that a tree
/// too big is refused without leaving half a copy.
struct Plan {
  std::vector<fs::path> folders;                           ///< relative, parents first
  std::vector<std::pair<fs::path, std::uintmax_t>> files;  ///< relative, with sizes
  std::vector<fs::path> symlinks;                          ///< relative, copied as links
  std::vector<fs::path> linked;                            ///< relative: package trees and .git
  std::uintmax_t bytes = 0;
};

void plan_folder(const fs::path& root, const fs::path& relative, Plan& plan, std::string& error) {
  std::error_code code;
  for (fs::directory_iterator it(root / relative, code), end; !code && it != end; it.increment(code)) {
    const fs::path inside = relative / it->path().filename();
    const std::string name = it->path().filename().string();
    const fs::file_status status = it->symlink_status(code);
    if (code) break;
    if (fs::is_symlink(status)) {
      plan.symlinks.push_back(inside);
    } else if (fs::is_directory(status)) {
      if (is_cache_folder(name)) continue;
      if (name == ".git" || is_package_tree(it->path())) {
        plan.linked.push_back(inside);
        continue;
      }
      plan.folders.push_back(inside);
      plan_folder(root, inside, plan, error);
      if (!error.empty()) return;
    } else if (fs::is_regular_file(status)) {
      const std::uintmax_t size = it->file_size(code);
      if (code) break;
      plan.files.emplace_back(inside, size);
      plan.bytes += size;
    } else if (name == ".git") {
      plan.linked.push_back(inside);  // a worktree's or submodule's .git file
    }
  }
  if (code && error.empty()) error = fmt::format("cannot read {}: {}", (root / relative).string(), code.message());
}

/// The file's bytes into a new file of the same mode: a reflink where the
/// file system shares blocks (Btrfs, XFS), else a copy in the kernel.
std::string copy_bytes(const fs::path& from, const fs::path& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) return fmt::format("cannot read {}: {}", from.string(), std::strerror(errno));
  struct stat status {};
  ::fstat(in, &status);
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 07777);
  if (out < 0) {
    ::close(in);
    return fmt::format("cannot write {}: {}", to.string(), std::strerror(errno));
  }
  std::string error;
  if (::ioctl(out, FICLONE, in) != 0) {
    for (off_t left = status.st_size; left > 0;) {
      const ssize_t copied = ::copy_file_range(in, nullptr, out, nullptr, static_cast<size_t>(left), 0);
      if (copied > 0) {
        left -= copied;
        continue;
      }
      if (copied == 0) break;  // the file shrank while it was copied
      error = fmt::format("cannot copy {}: {}", from.string(), std::strerror(errno));
      break;
    }
  }
  // The same times, so that tools judging by age (make) see the tree as it is.
  const timespec times[2] = {status.st_atim, status.st_mtim};
  ::futimens(out, times);
  ::close(in);
  if (::close(out) != 0 && error.empty()) error = fmt::format("cannot write {}: {}", to.string(), std::strerror(errno));
  return error;
}

std::string human_size(std::uintmax_t bytes) {
  if (bytes < std::uintmax_t{1} << 20) return fmt::format("{:.1f} KB", static_cast<double>(bytes) / 1024);
  if (bytes < std::uintmax_t{1} << 30) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024 * 1024));
  return fmt::format("{:.2f} GB", static_cast<double>(bytes) / (1 << 30));
}

}  // namespace

std::unique_ptr<ScratchCopy> ScratchCopy::make(const fs::path& root, std::string& error, const ScratchLimits& limits) {
  Plan plan;
  plan_folder(root, "", plan, error);
  if (!error.empty()) return nullptr;
  if (plan.files.size() > limits.files) {
    error = fmt::format("the work tree has {} files, more than the {} labs copies for this probe", plan.files.size(),
                        limits.files);
    return nullptr;
  }
  if (plan.bytes > limits.bytes) {
    error = fmt::format("the work tree holds {}, more than the {} labs copies for this probe", human_size(plan.bytes),
                        human_size(limits.bytes));
    return nullptr;
  }
  auto folder = TemporaryFolder::make("labs-scratch-", "the scratch copy", error);
  if (!folder) return nullptr;
  std::unique_ptr<ScratchCopy> copy(new ScratchCopy);
  copy->m_folder = std::move(folder);
  copy->m_tree = copy->m_folder->path() / root.filename();
  std::error_code code;
  fs::create_directory(copy->m_tree, code);
  for (const auto& folder : plan.folders) {
    if (!code) fs::create_directory(copy->m_tree / folder, code);
  }
  if (code) {
    error = fmt::format("cannot make the scratch copy's folders: {}", code.message());
    return nullptr;
  }
  for (const auto& [file, size] : plan.files) {
    error = copy_bytes(root / file, copy->m_tree / file);
    if (!error.empty()) return nullptr;
  }
  for (const auto& link : plan.symlinks) {
    // As a link, never followed: its target is the probe's business, and one
    // outside the tree stays outside the sandbox's view.
    fs::copy_symlink(root / link, copy->m_tree / link, code);
    if (code) {
      error = fmt::format("cannot copy the link {}: {}", link.string(), code.message());
      return nullptr;
    }
  }
  for (const auto& original : plan.linked) {
    fs::create_directory_symlink(root / original, copy->m_tree / original, code);
    if (code) {
      error = fmt::format("cannot link {} into the scratch copy: {}", original.string(), code.message());
      return nullptr;
    }
    copy->m_linked.push_back(root / original);
  }
  copy->m_files = plan.files.size();
  copy->m_bytes = plan.bytes;
  return copy;
}

ScratchCopy::~ScratchCopy() = default;

void ScratchCopy::show_links(Containment& containment) const {
  containment.scratch_tree = true;
  containment.readable.insert(containment.readable.end(), m_linked.begin(), m_linked.end());
}

std::string ScratchCopy::summary() const {
  return fmt::format("a scratch copy of the work tree ({} file(s), {})", m_files, human_size(m_bytes));
}

}  // namespace labkit
